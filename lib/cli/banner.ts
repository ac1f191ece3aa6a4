// What the long-running CLIs print at startup, without secrets: terminals are shared, recorded and pasted into
// issues. URLs keep their user and lose their password; keys are named, never shown; the values are in .env.

const mask = '****';
const secretKey = /(PASSWORD|_KEY|SECRET|TOKEN)$/;

/** The URL with its password replaced by ****, e.g. postgres://postgres:****@127.0.0.1:54329/pg2ch; other text as is. */
function maskUrl(value: string): string {
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  if (url.password === '') return value;
  url.password = mask;
  return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
}

/** `KEY=value` lines for a banner: passwords inside URLs masked, secret keys (…PASSWORD, …_KEY) shown as ****. */
function maskedEnvLines(env: Readonly<Record<string, string>>, indent = '  '): string[] {
  return Object.entries(env).map(([key, value]) => `${indent}${key}=${secretKey.test(key) ? mask : maskUrl(value)}`);
}

/** A shell expression that reads `key` from .env, for copy-paste examples: $(grep ^KEY= .env | cut -d= -f2). */
function fromDotEnv(key: string): string {
  return `$(grep ^${key}= .env | cut -d= -f2)`;
}

export { fromDotEnv, maskedEnvLines, maskUrl };
