"use client";
/**
 * Borrower actions on the pool: post collateral (approve, then depositCollateral), take it back,
 * and draw on the credit line. Each action has its own transaction sequence so each form shows
 * its own state.
 */
import { useConfig, useConnection } from "wagmi";
import { contract } from "@/lib/contracts";
import type { Tokens } from "./useTokens";
import { runWithApproval } from "./approval";
import { prepareCall, useTxSequence, type TxAction } from "./useTxSequence";

export function useBorrow(tokens: Tokens | undefined): {
  depositCollateral: TxAction;
  withdrawCollateral: TxAction;
  draw: TxAction;
} {
  const config = useConfig();
  const { address } = useConnection();
  const collateralUnits = { ...tokens, token: tokens?.collateral };
  const assetUnits = { ...tokens, token: tokens?.asset };
  const depositTx = useTxSequence(collateralUnits);
  const withdrawTx = useTxSequence(collateralUnits);
  const drawTx = useTxSequence(assetUnits);
  const collateral = contract("CollateralToken").address;

  return {
    depositCollateral: {
      tx: depositTx,
      send: async (amount) => {
        if (!address || !tokens) return false;
        return runWithApproval(
          config,
          depositTx,
          address,
          { name: "CollateralToken", symbol: tokens.collateral.symbol },
          amount,
          {
            label: "Deposit collateral",
            call: prepareCall("LendingPool", "depositCollateral", [collateral, amount]),
          },
        );
      },
    },
    withdrawCollateral: {
      tx: withdrawTx,
      send: (amount) =>
        withdrawTx.run([
          {
            label: "Withdraw collateral",
            call: prepareCall("LendingPool", "withdrawCollateral", [collateral, amount]),
          },
        ]),
    },
    draw: {
      tx: drawTx,
      send: (amount) =>
        drawTx.run([
          { label: "Draw on the credit line", call: prepareCall("LendingPool", "draw", [amount]) },
        ]),
    },
  };
}
