import type { Metadata } from "next";
import { Borrow } from "@/components/Borrow";

export const metadata: Metadata = { title: "Borrow · zkcredit" };

export default function Page() {
  return <Borrow />;
}
