import { useState } from "react";

const KEY = "convex-lens-demo.author";
const NAMES = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Radia"];

function readStored(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage can be off (private windows, strict settings): a fresh name each visit
  }
}

/**
 * The name comments are signed with, remembered per browser, so two tabs of one person agree and
 * two browsers look like two people. Redacted in the DevTools panel (`capture.redact`).
 */
export function useAuthorName(): [string, (name: string) => void] {
  const [name, setName] = useState(
    () => readStored() ?? `${NAMES[Math.floor(Math.random() * NAMES.length)]} (guest)`,
  );
  const update = (next: string) => {
    setName(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // not remembered, still used
    }
  };
  return [name, update];
}
