import type { ComponentChildren } from "preact";
import { ANNOUNCER_ID } from "../lib/announce.ts";
import { useAppData } from "../lib/appData.ts";
import type { Route } from "../lib/router.ts";

export function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#2f5e5a" />
      <path d="M9 20a7 7 0 1 1 7 4" fill="none" stroke="#f6f4ef" stroke-width="3" stroke-linecap="round" />
      <circle cx="16" cy="24" r="2.2" fill="#e9b872" />
    </svg>
  );
}

export function Layout({ route, children }: { route: Route["page"]; children: ComponentChildren }) {
  const { health } = useAppData();
  const grader = health?.grader;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="inner">
          <a class="brand" href="/">
            <Logo />
            <span class="brand-name">mockloop</span>
          </a>
          <nav class="site-nav" aria-label="Main">
            <a href="/" aria-current={route === "start" ? "page" : undefined}>
              New interview
            </a>
            <a href="/history" aria-current={route === "history" ? "page" : undefined}>
              History
            </a>
            <a href="/your-data" aria-current={route === "your-data" ? "page" : undefined}>
              Your data
            </a>
          </nav>
        </div>
      </header>
      <main id="main">{children}</main>
      <div id={ANNOUNCER_ID} class="visually-hidden" aria-live="polite" />
      <footer class="site-footer">
        <div class="inner">
          <span>Your answers stay on this server. Audio is kept only if you ask.</span>
          {grader && (
            <span>
              Grader:{" "}
              {grader.id === "offline"
                ? "offline (key-point coverage, no language model)"
                : (grader.model ?? grader.id)}{" "}
              · {grader.version}
            </span>
          )}
          <a href="/docs">API reference</a>
        </div>
      </footer>
    </>
  );
}
