import type { Config } from '@react-router/dev/config';

export default {
  appDirectory: 'app',
  buildDirectory: process.env.SAMRAD_BUILD_DIR ?? 'build',
  ssr: true,
  future: { v8_middleware: true },
} satisfies Config;
