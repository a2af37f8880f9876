/** The renderer's Content-Security-Policy, sent as a header by the app protocol and the harness. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // MUI/emotion inject <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
