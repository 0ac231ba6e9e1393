import { Link } from 'react-router';
import type { Route } from './+types/manage';
import { services } from '../context';
import { formatDate, useLocale, useT } from '../i18n';
import { requireSignedIn } from '../lib/manage.server';
import { officialOrganizationIds } from '../../server/consultations/access';
import { listManagedConsultations } from '../../server/consultations/manage';

export const meta: Route.MetaFunction = () => [{ title: 'Mina samråd – Samråd' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const s = services(context);
  const account = await requireSignedIn(s, request);
  return { isOfficial: officialOrganizationIds(account).length > 0, consultations: await listManagedConsultations(s.db, account) };
}

/** The official's consultations, drafts first, with the way to create one. */
export default function ManageList({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  if (!loaderData.isOfficial) {
    return (
      <div className="page narrow">
        <h1>{t('manage.list.title')}</h1>
        <p>{t('manage.officialsOnly')}</p>
      </div>
    );
  }
  return (
    <div className="page manage">
      <h1>{t('manage.list.title')}</h1>
      <p className="lead">{t('manage.list.intro')}</p>
      <p>
        <Link className="button" to="/manage/new">
          {t('manage.list.create')}
        </Link>
      </p>
      {loaderData.consultations.length === 0 ? (
        <p>{t('manage.list.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="manage-table">
            <caption className="visually-hidden">{t('manage.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manage.list.consultation')}</th>
                <th scope="col">{t('manage.list.status')}</th>
                <th scope="col">{t('manage.list.period')}</th>
                <th scope="col" className="numeric">
                  {t('manage.list.comments')}
                </th>
              </tr>
            </thead>
            <tbody>
              {loaderData.consultations.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/consultations/${c.slug}/manage`}>{c.title}</Link>
                    <span className="manage-table__orgs">{c.organizations.map((o) => o.name).join(', ')}</span>
                  </th>
                  <td>
                    <span className={`status status--${c.status}`}>{t(`consultation.status.${c.status}`)}</span>
                    {c.openOnSchedule && c.opensAt && <span className="manage-table__note">{t('manage.status.scheduled', { date: formatDate(c.opensAt, locale) })}</span>}
                  </td>
                  <td>
                    {c.opensAt ? formatDate(c.opensAt, locale) : '–'} – {c.closesAt ? formatDate(c.closesAt, locale) : '–'}
                  </td>
                  <td className="numeric">
                    {c.counts.comments}
                    {c.counts.pending > 0 && <span className="manage-table__note">{t('manage.list.pending', { count: c.counts.pending })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
