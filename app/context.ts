import { createContext, type RouterContextProvider } from 'react-router';
import type { RequestServices } from '../server/services';

export const servicesContext = createContext<RequestServices>();

export function services(context: Readonly<RouterContextProvider>) {
  return context.get(servicesContext);
}
