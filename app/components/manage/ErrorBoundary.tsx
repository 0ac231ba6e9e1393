import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useT } from '../../i18n';

/** For the officials' pages: a clear answer to "not yours" (403) and "not there" (404). */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 403 && status !== 404) console.error(error);
  const [title, text] =
    status === 403
      ? [t('manage.forbidden.title'), t('manage.forbidden.text')]
      : status === 404
        ? [t('error.notFound.title'), t('error.notFound.text')]
        : [t('error.generic.title'), t('error.generic.text')];
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/manage">{t('manage.backToList')}</Link>
      </p>
    </div>
  );
}
