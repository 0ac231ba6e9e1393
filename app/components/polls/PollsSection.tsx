import { Link } from 'react-router';
import type { PollView } from '../../../server/polls/queries';
import { useT } from '../../i18n';
import { PollCard } from './PollCard';
import { useLivePolls } from './useLivePolls';

interface Props {
  slug: string;
  polls: { views: PollView[]; signedIn: boolean; canManage: boolean; since: number };
}

/** The consultation page's polls, open ones first, following the meeting live. */
export function PollsSection({ slug, polls }: Props) {
  const t = useT();
  const views = useLivePolls(slug, polls.since, polls.views, { addOpened: true });
  if (views.length === 0 && !polls.canManage) return null;
  const ordered = [...views.filter((v) => v.poll.status === 'open'), ...views.filter((v) => v.poll.status !== 'open')];
  return (
    <section aria-labelledby="polls-heading" className="polls">
      <h2 id="polls-heading">{t('polls.heading')}</h2>
      {polls.canManage && (
        <p>
          <Link to={`/consultations/${slug}/manage/polls`}>{t('polls.manage')}</Link>
        </p>
      )}
      {ordered.length === 0 ? (
        <p>{t('polls.none')}</p>
      ) : (
        ordered.map((view) => (
          <PollCard key={view.poll.id} view={view} slug={slug} signedIn={polls.signedIn} returnTo={`/consultations/${slug}`} heading="h3" />
        ))
      )}
    </section>
  );
}
