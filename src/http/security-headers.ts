import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";

/** Everything is served from this origin: no CDN, no third-party script, style, font or beacon. */
const base = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  // Kept recordings and server speech are played from blob: URLs.
  mediaSrc: ["'self'", "blob:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const common = {
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
  // The interview room records answers; nothing else needs a device.
  permissionsPolicy: { microphone: ["self"], camera: [], geolocation: [], payment: [], usb: [] },
};

const appHeaders = secureHeaders({ ...common, contentSecurityPolicy: base });
/** Swagger UI sets inline style attributes as it renders; scripts stay 'self' only. */
const docsHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { ...base, styleSrc: ["'self'", "'unsafe-inline'"] },
});

export const securityHeaders = createMiddleware<AppEnv>((c, next) =>
  c.req.path === "/docs" || c.req.path.startsWith("/docs/") ? docsHeaders(c, next) : appHeaders(c, next),
);
