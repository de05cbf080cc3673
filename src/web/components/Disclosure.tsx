import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

/**
 * Open/closed state of every disclosure on the page, by a stable id. It lives outside the
 * component tree so a re-render or a remount (the feedback page polls while grades arrive) never
 * closes what the candidate opened, and a closed one never reopens on its own.
 */
const openState = new Map<string, boolean>();

export function useDisclosure(id: string, initial = false): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(() => openState.get(id) ?? initial);
  const setOpen = (next: boolean) => {
    openState.set(id, next);
    setOpenState(next);
  };
  return [open, setOpen];
}

/** A `<details>` whose open state is owned by the page (see useDisclosure), not by the DOM alone. */
export function Disclosure({
  id,
  summary,
  class: className,
  children,
}: {
  id: string;
  summary: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useDisclosure(id);
  return (
    <details
      class={className}
      open={open}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now !== open) setOpen(now);
      }}
    >
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
