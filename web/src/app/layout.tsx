import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { DeploymentGuard } from "@/components/Notice";
import { WalletAlerts, WalletBar } from "@/components/WalletBar";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "zkcredit",
  description: "Credit scores proven in zero knowledge, priced into an on-chain credit line.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="top">
            <Link href="/" className="brand">
              zkcredit
            </Link>
            <nav>
              <Link href="/">My credit</Link>
              <Link href="/borrow">Borrow</Link>
              <Link href="/lend">Lend</Link>
              <Link href="/audit">Audit</Link>
            </nav>
            <WalletBar />
          </header>
          <main>
            <WalletAlerts />
            <DeploymentGuard>{children}</DeploymentGuard>
          </main>
        </Providers>
      </body>
    </html>
  );
}
