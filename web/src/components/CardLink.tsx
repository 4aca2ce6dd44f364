"use client";
/** A model card link when the URI is a web address; other schemes (e.g. a repo path) as text. */
export function CardLink({ uri }: { uri: string }) {
  return /^https?:\/\//.test(uri) ? (
    <a href={uri} target="_blank" rel="noreferrer">
      {uri}
    </a>
  ) : (
    <code>{uri}</code>
  );
}
