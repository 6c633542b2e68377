import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";

/** An element's inner size in CSS pixels, as `clientWidth` and `clientHeight` report it. */
export interface ClientSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The size of the element behind `ref`, measured once it mounts and again on every resize (where
 * ResizeObserver exists); 0 × 0 until measured. Windowed lists need it to know what is on screen.
 */
export function useClientSize(ref: RefObject<HTMLElement>): ClientSize {
  const [size, setSize] = useState<ClientSize>({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const width = element.clientWidth;
      const height = element.clientHeight;
      // The same size keeps the same object, so an unchanged measure does not re-render.
      setSize((now) => (now.width === width && now.height === height ? now : { width, height }));
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return size;
}
