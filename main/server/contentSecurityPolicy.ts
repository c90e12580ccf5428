/**
 * The workbench page's Content-Security-Policy, one definition for both ways it is loaded:
 * `engram serve` sends it as a header; the build writes it as a <meta> into
 * out/renderer/index.html, which is what applies when Electron loads that file from file://
 * (there is no HTTP response to carry a header). No inline script runs under either.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** As an HTTP header (`frame-ancestors` works only there). */
export function contentSecurityPolicy(): string {
  return [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
}

/** As a <meta http-equiv> (browsers ignore `frame-ancestors` in a meta, and say so). */
export function contentSecurityPolicyMeta(): string {
  return DIRECTIVES.join('; ');
}
