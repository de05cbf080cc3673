import { useEffect, useState } from "preact/hooks";

/** Whether a CSS media query matches now; follows changes (rotation, a resized window). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof matchMedia === "function" && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== "function") return;
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener("change", update);
    return () => list.removeEventListener("change", update);
  }, [query]);
  return matches;
}

/** Phones: where the layout puts lists before charts. Matches the CSS breakpoint. */
export const NARROW = "(max-width: 640px)";
/** A precise pointer (mouse, trackpad) usually comes with a keyboard; touch-only screens don't. */
export const HAS_KEYBOARD_LIKELY = "(any-pointer: fine)";
/** Shortcut labels: ⌘ on Apple devices, Ctrl elsewhere. */
export const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
