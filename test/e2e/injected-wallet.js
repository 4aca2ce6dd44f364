/* global window, fetch, console */
/**
 * A real EIP-1193 provider injected as window.ethereum before the app loads (page.addInitScript).
 * It forwards every JSON-RPC request to the Hardhat node, whose accounts are unlocked, so
 * eth_sendTransaction is signed and mined by the node: the app's injected-wallet path runs for real.
 *
 * What a human would decide in a wallet is scripted through window.__zkWallet:
 *  - config.account: the one account the wallet exposes;
 *  - config.chainId: the chain the wallet starts on (another chain tests wrong-network handling;
 *    wallet_switchEthereumChain to the node's chain then works, as in a real wallet);
 *  - rejectNext: the next signing request is refused with EIP-1193 code 4001.
 * Plain JavaScript (no build step): Playwright injects it as source text.
 */
(() => {
  const config = window.__zkWalletConfig;
  if (!config) throw new Error("injected-wallet.js: window.__zkWalletConfig is not set");
  const listeners = new Map();
  // Like a real wallet, it remembers across reloads of the tab that the site was connected, and on
  // which chain (sessionStorage: per tab, so every new test page starts disconnected).
  const saved = JSON.parse(window.sessionStorage.getItem("__zkWallet") ?? "{}");
  const state = {
    chainId: saved.chainId ?? config.chainId,
    connected: saved.connected ?? false,
    rejectNext: false,
    /** Every method the app called, for assertions. */
    calls: [],
  };
  window.__zkWallet = state;
  const remember = () =>
    window.sessionStorage.setItem(
      "__zkWallet",
      JSON.stringify({ chainId: state.chainId, connected: state.connected }),
    );

  const emit = (event, payload) => (listeners.get(event) ?? []).forEach((fn) => fn(payload));
  const rpcError = (code, message) => Object.assign(new Error(message), { code });

  let nextId = 1;
  async function forward(method, params) {
    const res = await fetch(config.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params: params ?? [] }),
    });
    const body = await res.json();
    if (body.error)
      throw Object.assign(new Error(body.error.message), {
        code: body.error.code,
        data: body.error.data,
      });
    return body.result;
  }

  const SIGNING = new Set([
    "eth_sendTransaction",
    "eth_sign",
    "personal_sign",
    "eth_signTypedData_v4",
  ]);

  async function request({ method, params }) {
    state.calls.push(method);
    if (SIGNING.has(method) && state.rejectNext) {
      state.rejectNext = false;
      throw rpcError(4001, "User rejected the request.");
    }
    switch (method) {
      case "eth_requestAccounts":
        if (!state.connected) {
          state.connected = true;
          remember();
          emit("connect", { chainId: state.chainId });
          emit("accountsChanged", [config.account]);
        }
        return [config.account];
      case "eth_accounts":
        return state.connected ? [config.account] : [];
      case "eth_chainId":
        return state.chainId;
      case "net_version":
        return String(Number(state.chainId));
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_revokePermissions":
        state.connected = false;
        remember();
        emit("accountsChanged", []);
        return null;
      case "wallet_switchEthereumChain": {
        const wanted = params?.[0]?.chainId;
        if (wanted !== config.nodeChainId) throw rpcError(4902, `Unrecognized chain ID ${wanted}.`);
        state.chainId = wanted;
        remember();
        emit("chainChanged", wanted);
        return null;
      }
      case "wallet_addEthereumChain":
        return null;
      case "eth_sendTransaction": {
        if (state.chainId !== config.nodeChainId)
          throw rpcError(4100, "The wallet is on another chain.");
        const tx = { ...params[0], from: config.account };
        return forward(method, [tx]);
      }
      default:
        return forward(method, params);
    }
  }

  window.ethereum = {
    isZkcreditTestWallet: true,
    request,
    on(event, fn) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
      return this;
    },
    removeListener(event, fn) {
      listeners.set(
        event,
        (listeners.get(event) ?? []).filter((f) => f !== fn),
      );
      return this;
    },
  };
  console.log(`[injected-wallet] ${config.account} on ${state.chainId}, node ${config.rpcUrl}`);
})();
