import { data, redirect } from 'react-router';
import type { Route } from './+types/poll.short';
import { services } from '../context';
import { AppError } from '../../server/http/errors';
import { findPoll } from '../../server/polls/queries';

/** /p/:id, the short join address shown in a meeting room, leads to the poll's page. */
export async function loader({ params, context }: Route.LoaderArgs) {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw data(null, { status: 404 });
  try {
    const { consultationSlug } = await findPoll(services(context).db, id);
    return redirect(`/consultations/${consultationSlug}/polls/${id}`);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data(null, { status: 404 });
    throw error;
  }
}
