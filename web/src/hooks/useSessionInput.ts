"use client";
/**
 * A text field's value kept in sessionStorage, so what the user typed survives an error, a
 * navigation to another page and back, or a reload. Read after mount: the server render has no
 * sessionStorage, and reading it during render would break hydration.
 */
import { useEffect, useState } from "react";

export function useSessionInput(key: string): [string, (v: string) => void] {
  const storageKey = `zkcredit:${key}`;
  const [value, setValue] = useState("");
  useEffect(() => {
    const saved = window.sessionStorage.getItem(storageKey);
    if (saved !== null) setValue(saved);
  }, [storageKey]);
  const update = (v: string) => {
    setValue(v);
    if (v === "") window.sessionStorage.removeItem(storageKey);
    else window.sessionStorage.setItem(storageKey, v);
  };
  return [value, update];
}
