import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('consultations/:slug', 'routes/consultation.tsx'),
  route('login', 'routes/login.tsx'),
  route('register', 'routes/register.tsx'),
  route('logout', 'routes/logout.ts'),
  route('language', 'routes/language.ts'),

  route('api/v1/auth/register', 'routes/api/auth.register.ts'),
  route('api/v1/auth/login', 'routes/api/auth.login.ts'),
  route('api/v1/auth/logout', 'routes/api/auth.logout.ts'),
  route('api/v1/me', 'routes/api/me.ts'),
  route('api/v1/consultations', 'routes/api/consultations.ts'),
  route('api/v1/consultations/:slug', 'routes/api/consultation.ts'),
  route('api/v1/consultations/:slug/export', 'routes/api/consultation.export.ts'),
  route('api/v1/consultations/:slug/polls', 'routes/api/consultation.polls.ts'),
  route('api/v1/polls/:id', 'routes/api/poll.ts'),
  route('api/v1/polls/:id/votes', 'routes/api/poll.votes.ts'),
  route('api/v1/manage/consultations', 'routes/api/manage.consultations.ts'),
  route('api/v1/consultations/:slug/themes', 'routes/api/consultation.themes.ts'),
  route('api/v1/consultations/:slug/coding', 'routes/api/consultation.coding.ts'),
  route('api/v1/themes/:id', 'routes/api/theme.ts'),
  route('api/v1/comments/:id/themes', 'routes/api/comment.themes.ts'),
  route('api/v1/*', 'routes/api/not-found.ts'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
