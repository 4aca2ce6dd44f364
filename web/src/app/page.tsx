import { MyCredit } from "@/components/MyCredit";

export default function Page() {
  return <MyCredit />;
}
