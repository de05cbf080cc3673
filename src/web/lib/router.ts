import { useEffect, useState } from "preact/hooks";

let navigated = false;

/** True once the visitor has moved between pages inside the app (not on the first page load). */
export function hasNavigated(): boolean {
  return navigated;
}

/** History-API routing: the server answers every non-API path with index.html. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  navigated = true;
  if (opts.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new Event("mockloop:navigate"));
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => {
      navigated = true;
      setPath(location.pathname);
    };
    window.addEventListener("popstate", update);
    window.addEventListener("mockloop:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("mockloop:navigate", update);
    };
  }, []);
  return path;
}

export type Route =
  | { page: "start" }
  | { page: "interview"; id: string }
  | { page: "feedback"; id: string }
  | { page: "history" }
  | { page: "your-data" }
  | { page: "not-found" };

export function match(path: string): Route {
  const clean = path.replace(/\/+$/, "") || "/";
  if (clean === "/") return { page: "start" };
  if (clean === "/history") return { page: "history" };
  if (clean === "/your-data") return { page: "your-data" };
  const interview = /^\/interview\/([0-9a-f-]{36})$/i.exec(clean);
  if (interview) return { page: "interview", id: interview[1] as string };
  const feedback = /^\/feedback\/([0-9a-f-]{36})$/i.exec(clean);
  if (feedback) return { page: "feedback", id: feedback[1] as string };
  return { page: "not-found" };
}

/** Same-origin links navigate without a page load; modified clicks keep their browser meaning. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest("a");
  if (!a || a.target || a.origin !== location.origin || e.defaultPrevented) return;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.pathname.startsWith("/api/") || a.pathname.startsWith("/docs") || a.hasAttribute("download")) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
