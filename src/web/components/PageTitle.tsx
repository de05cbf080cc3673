import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { hasNavigated } from "../lib/router.ts";

/**
 * The page's h1. After a client-side page change it takes focus, so keyboard and screen-reader
 * users start at the top of the new page; it also sets the document title.
 */
export function PageTitle({
  children,
  title,
  takeFocus = true,
  class: className,
}: {
  children: ComponentChildren;
  title: string;
  /** false when the page moves focus somewhere more useful itself (the answer box). */
  takeFocus?: boolean;
  class?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · mockloop`;
  }, [title]);
  useEffect(() => {
    if (hasNavigated() && takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <h1 ref={ref} tabIndex={-1} class={className}>
      {children}
    </h1>
  );
}
