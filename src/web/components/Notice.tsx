import type { ComponentChildren } from "preact";

const ICONS = {
  error: "M12 8v5m0 3.5v.01M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z",
  warn: "M12 8v5m0 3.5v.01M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z",
  info: "M12 11v5m0-8.5v.01M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z",
};

/** A message box; errors are announced to screen readers as they appear. */
export function Notice({
  kind = "info",
  children,
  live = kind === "error",
}: {
  kind?: "error" | "warn" | "info";
  children: ComponentChildren;
  live?: boolean;
}) {
  return (
    <div class={`notice ${kind}`} role={live ? "alert" : undefined}>
      <svg class="icon" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={ICONS[kind]} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <div>{children}</div>
    </div>
  );
}
