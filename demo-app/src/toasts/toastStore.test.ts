import { describe, expect, it, vi } from "vitest";
import { MAX_TOASTS, RETRY_TOAST_MS, TOAST_MS, ToastStore } from "./toastStore.js";

describe("ToastStore", () => {
  it("keeps at most MAX_TOASTS toasts during a burst of failures, dropping the oldest", () => {
    const store = new ToastStore(() => 0);
    for (let i = 0; i < MAX_TOASTS + 3; i++) store.show({ tone: "error", message: `failure ${i}` });
    const shown = store.getSnapshot().map((toast) => toast.message);
    expect(shown).toHaveLength(MAX_TOASTS);
    expect(shown.at(-1)).toBe(`failure ${MAX_TOASTS + 2}`);
    expect(shown).not.toContain("failure 0");
  });

  it("shows one toast for the same message repeated, with its timer refreshed", () => {
    let now = 0;
    const store = new ToastStore(() => now);
    const first = store.show({ tone: "error", message: "We couldn't reach the server." });
    now = 1_000;
    const second = store.show({ tone: "error", message: "We couldn't reach the server." });
    expect(second).toBe(first);
    expect(store.getSnapshot()).toHaveLength(1);
    expect(store.getSnapshot()[0]?.expiresAt).toBe(1_000 + TOAST_MS);
  });

  it("gives a toast with a retry button more time before it closes by itself", () => {
    const store = new ToastStore(() => 0);
    store.show({ tone: "error", message: "plain" });
    store.show({ tone: "error", message: "retryable", retry: () => {} });
    expect(store.expire(TOAST_MS)).toBe(RETRY_TOAST_MS);
    expect(store.getSnapshot().map((toast) => toast.message)).toEqual(["retryable"]);
    expect(store.expire(RETRY_TOAST_MS)).toBeNull();
    expect(store.getSnapshot()).toEqual([]);
  });

  it("tells subscribers about changes and keeps the snapshot stable between them", () => {
    const store = new ToastStore(() => 0);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const before = store.getSnapshot();
    expect(store.getSnapshot()).toBe(before);
    const id = store.show({ tone: "info", message: "Saved" });
    store.dismiss(id);
    store.dismiss(id);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.show({ tone: "info", message: "again" });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
