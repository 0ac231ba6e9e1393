import type { Route } from './+types/home';
import { ConsultationCard } from '../components/ConsultationCard';
import { services } from '../context';
import { useT } from '../i18n';
import { listConsultations } from '../../server/consultations/queries';

export const meta: Route.MetaFunction = () => [
  { title: 'Samråd – pågående samråd' },
  { name: 'description', content: 'Läs om förslag som berör dig och lämna synpunkter.' },
];

export async function loader({ context }: Route.LoaderArgs) {
  const { db } = services(context);
  const [open, closed] = await Promise.all([listConsultations(db, { status: 'open' }), listConsultations(db, { status: 'closed' })]);
  return { open, closed };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page">
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      {loaderData.open.length === 0 ? (
        <p>{t('home.empty')}</p>
      ) : (
        <ul className="card-list" aria-label={t('home.title')}>
          {loaderData.open.map((c) => (
            <li key={c.id}>
              <ConsultationCard consultation={c} />
            </li>
          ))}
        </ul>
      )}
      {loaderData.closed.length > 0 && (
        <section aria-labelledby="closed-heading">
          <h2 id="closed-heading">{t('home.closed')}</h2>
          <ul className="card-list">
            {loaderData.closed.map((c) => (
              <li key={c.id}>
                <ConsultationCard consultation={c} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
