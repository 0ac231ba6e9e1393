import { apiRoute } from '../../lib/api.server';
import { notFound } from '../../../server/http/errors';

const unknownEndpoint = apiRoute(async () => {
  throw notFound('Det finns ingen sådan adress i API:t.');
});

export const loader = unknownEndpoint;
export const action = unknownEndpoint;
