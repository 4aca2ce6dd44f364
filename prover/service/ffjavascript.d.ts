/** The one function of iden3's untyped ffjavascript the service uses (see single-thread.ts). */
declare module "ffjavascript" {
  export function buildBn128(singleThread?: boolean): Promise<{ terminate(): Promise<void> }>;
}
