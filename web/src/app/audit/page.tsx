import type { Metadata } from "next";
import { Audit } from "@/components/Audit";

export const metadata: Metadata = { title: "Audit · zkcredit" };

export default function Page() {
  return <Audit />;
}
