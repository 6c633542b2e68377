/** How a toast looks: an error, or a plain notice. */
export type ToastTone = "error" | "info";

/** One toast on screen. */
export interface Toast {
  readonly id: number;
  readonly tone: ToastTone;
  /** Calm text for people: an error's `userMessage`, never a stack or a server message. */
  readonly message: string;
  /** A detail for the curious (the error code and function), shown smaller. */
  readonly detail?: string;
  /** Present when trying again may work; the button calls it and closes the toast. */
  readonly retry?: () => void;
  /** When it closes by itself, in epoch ms. */
  readonly expiresAt: number;
}

/** What {@link ToastStore.show} takes. */
export type ToastInput = Omit<Toast, "id" | "expiresAt"> & { readonly durationMs?: number };

/** Toasts shown at once; a burst of failures (an outage) replaces the oldest instead of piling up. */
export const MAX_TOASTS = 4;
/** How long a toast stays; one with a retry button stays longer, to give time to press it. */
export const TOAST_MS = 6_000;
export const RETRY_TOAST_MS = 10_000;

/**
 * The toasts on screen, as a tiny external store for `useSyncExternalStore`. Identical messages
 * merge (one "We couldn't reach the server" instead of five), and at most {@link MAX_TOASTS} show.
 * Expiry is driven from outside (`expire(now)`), so tests need no timers.
 */
export class ToastStore {
  private toasts: readonly Toast[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Shows a toast, or refreshes the identical one already shown; returns its id. */
  show(input: ToastInput): number {
    const { durationMs, ...fields } = input;
    const duration = durationMs ?? (input.retry ? RETRY_TOAST_MS : TOAST_MS);
    const expiresAt = this.now() + duration;
    const same = this.toasts.find(
      (toast) => toast.message === input.message && toast.detail === input.detail,
    );
    if (same) {
      const refreshed: Toast = { ...same, ...fields, expiresAt };
      this.set(this.toasts.map((toast) => (toast === same ? refreshed : toast)));
      return same.id;
    }
    const toast: Toast = { ...fields, id: this.nextId++, expiresAt };
    this.set([...this.toasts, toast].slice(-MAX_TOASTS));
    return toast.id;
  }

  dismiss(id: number): void {
    if (this.toasts.some((toast) => toast.id === id)) {
      this.set(this.toasts.filter((toast) => toast.id !== id));
    }
  }

  /** Removes the toasts whose time is up; returns when the next one expires, if any. */
  expire(now: number = this.now()): number | null {
    const left = this.toasts.filter((toast) => toast.expiresAt > now);
    if (left.length !== this.toasts.length) this.set(left);
    return left.length === 0 ? null : Math.min(...left.map((toast) => toast.expiresAt));
  }

  /** The toasts, oldest first; the same array until something changes. */
  readonly getSnapshot = (): readonly Toast[] => this.toasts;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(toasts: readonly Toast[]): void {
    this.toasts = toasts;
    for (const listener of this.listeners) listener();
  }
}
