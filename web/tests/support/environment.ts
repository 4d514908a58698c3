// What tests/browser/test_web_app.py hands the browser tests: the platform's accounts.

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with \`make browser\``);
  return value;
}
