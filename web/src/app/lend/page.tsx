import type { Metadata } from "next";
import { Lend } from "@/components/Lend";

export const metadata: Metadata = { title: "Lend · zkcredit" };

export default function Page() {
  return <Lend />;
}
