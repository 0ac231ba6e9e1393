import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { services } from './context';
import { localeFromRequest, useLocale, useT, type Locale } from './i18n';
import { currentAccount } from '../server/auth/flows';
import stylesheet from './styles.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const account = await currentAccount(services(context), request);
  return {
    locale: localeFromRequest(request),
    account: account ? { displayName: account.displayName, roles: [...new Set(account.memberships.map((m) => m.role))] } : null,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale: Locale = data?.locale ?? 'sv';
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader account={data?.account ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function SiteHeader({ account }: { account: { displayName: string; roles: string[] } | null }) {
  const t = useT();
  const other: Locale = useLocale() === 'sv' ? 'en' : 'sv';
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('site.skip')}
      </a>
      <div className="site-header__inner">
        <Link to="/" className="site-name">
          {t('site.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            {account ? (
              <>
                <li className="nav-user">{t('nav.signedInAs', { name: account.displayName })}</li>
                <li>
                  <Link to="/mina-sidor">{t('nav.myPages')}</Link>
                </li>
                {account.roles.length > 0 && (
                  <li>
                    <Link to="/moderation">{t('nav.moderation')}</Link>
                  </li>
                )}
                {account.roles.includes('official') && (
                  <li>
                    <Link to="/manage">{t('nav.manage')}</Link>
                  </li>
                )}
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t('nav.logout')}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t('nav.login')}</Link>
                </li>
                <li>
                  <Link to="/register">{t('nav.register')}</Link>
                </li>
              </>
            )}
            <li>
              <Form method="post" action="/language">
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" className="link-button" name="lang" value={other} lang={other}>
                  {t('lang.switch')}
                </button>
              </Form>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t('site.footer')}</p>
    </footer>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className="page narrow">
      <h1>{notFound ? t('error.notFound.title') : t('error.generic.title')}</h1>
      <p>{notFound ? t('error.notFound.text') : t('error.generic.text')}</p>
      <p>
        <Link to="/">{t('error.backHome')}</Link>
      </p>
    </div>
  );
}
