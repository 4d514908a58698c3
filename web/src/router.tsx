// A small history router: the path picks a screen from `routes.ts`; links and `navigate`
// change it without a page load. The server answers every app path with index.html.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", notify);

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

function here(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  notify();
}

/** The current path and query; the calling component re-renders when they change. */
export function useLocation(): Location {
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const listener = (): void => setLocation(here());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return location;
}

export function Link(props: {
  href: string;
  class?: string;
  current?: boolean;
  children: ComponentChildren;
}): JSX.Element {
  const follow = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // a new tab or window: let the browser do it
    }
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? "page" : undefined}
      onClick={follow}
    >
      {props.children}
    </a>
  );
}
