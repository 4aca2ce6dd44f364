// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LendingPool} from "../LendingPool.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {IScoreRegistry} from "../interfaces/IScoreRegistry.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockScoreRegistry} from "../mocks/MockScoreRegistry.sol";
import {CreditMath} from "./CreditMath.sol";

/// @dev The cheatcodes these tests need, served by Hardhat's Solidity test runner at the
/// standard cheatcode address (forge-std is not a dependency of this project).
interface IVm {
    function warp(uint256 newTimestamp) external;

    function prank(address msgSender) external;
}

IVm constant VM = IVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

/// @notice Maps a fuzzed word into [lo, hi].
function bound(uint256 x, uint256 lo, uint256 hi) pure returns (uint256) {
    return lo + (x % (hi - lo + 1));
}

/**
 * @title LendingPoolSetup
 * @notice A pool configured like the Lending Ignition module's defaults (6-decimal asset,
 * 18-decimal collateral, 8-decimal feed at 2000), governed by the test contract itself.
 */
abstract contract LendingPoolSetup {
    uint256 internal constant INITIAL_PRICE = 2000e8;
    uint256 internal constant MAX_CREDIT_LINE = 100_000e6;

    MockERC20 internal _usdc;
    MockERC20 internal _weth;
    MockAggregator internal _feed;
    MockScoreRegistry internal _scores;
    LendingPool internal _pool;

    function _deployPool() internal {
        VM.warp(1_700_000_000);
        _usdc = new MockERC20("USD Coin", "USDC", 6);
        _weth = new MockERC20("Wrapped Ether", "WETH", 18);
        _feed = new MockAggregator(8, int256(INITIAL_PRICE));
        _scores = new MockScoreRegistry();
        _pool = new LendingPool(
            LendingPool.Wiring({
                asset: _usdc,
                collateral: _weth,
                priceFeed: AggregatorV3Interface(address(_feed)),
                scoreSource: IScoreRegistry(address(_scores)),
                governor: address(this),
                pauser: address(0)
            }),
            _defaultTiers(),
            ILendingPool.RiskParameters({
                priceHeartbeat: 3600,
                liquidationThresholdBps: 8500,
                liquidationBonusBps: 500,
                delinquencyLimit: 3,
                minimumPaymentBps: 100,
                minimumPaymentFloor: 25e6,
                maxCreditLine: uint128(MAX_CREDIT_LINE)
            })
        );
    }

    function _defaultTiers() internal pure returns (ILendingPool.Tier[] memory t) {
        t = new ILendingPool.Tier[](5);
        t[0] = ILendingPool.Tier(0, 5000, 2400);
        t[1] = ILendingPool.Tier(580, 6000, 1800);
        t[2] = ILendingPool.Tier(670, 7000, 1200);
        t[3] = ILendingPool.Tier(740, 7500, 800);
        t[4] = ILendingPool.Tier(800, 8000, 500);
    }

    /// @notice The specification's line: highest tier whose cutoff a valid score reaches (else
    /// tier 0), times the collateral's value, capped; computed here without the pool's code.
    function _expectedLine(
        uint256 collateral,
        uint256 price,
        bool valid,
        uint16 score
    ) internal pure returns (uint256) {
        ILendingPool.Tier[] memory tiers = _defaultTiers();
        uint256 advance = tiers[0].advanceRateBps;
        for (uint256 i = 1; i < tiers.length; ++i)
            if (valid && score >= tiers[i].minScore) advance = tiers[i].advanceRateBps;
        // value = collateral (1e18) × price (1e8) → asset (1e6): divide by 1e20.
        uint256 line = (((collateral * price) / 1e20) * advance) / 10_000;
        return line < MAX_CREDIT_LINE ? line : MAX_CREDIT_LINE;
    }
}

/**
 * @title LendingPoolFuzzTest
 * @notice Fuzz tests of the credit rules against their specification: a draw succeeds iff it
 * fits the line (and the cash), the line follows the score's tier, statement statuses follow
 * the dataset's semantics, and interest rounds in the pool's favour by less than a unit.
 */
contract LendingPoolFuzzTest is LendingPoolSetup {
    address private constant BORROWER = address(0xB0B);
    uint256 private constant LIQUIDITY = 1_000_000e6;

    /// @notice The pool's line differs from the specification's.
    error LineMismatch(uint256 line, uint256 expected);
    /// @notice A draw succeeded beyond what was available, or left the debt above the line.
    error DrawAboveLine(uint256 amount, uint256 available, uint256 debt, uint256 line);
    /// @notice A draw within the line and the cash was refused.
    error DrawRefused(uint256 amount, uint256 available, bytes reason);
    /// @notice The statement status contradicts the schema's definition.
    error StatusMismatch(int8 status);
    /// @notice The minimum payment is above the balance or below min(floor, balance).
    error MinimumOutOfBounds(uint256 minimum, uint256 balance);
    /// @notice Interest is not the exact value rounded up.
    error InterestRounding(uint256 interest);

    function setUp() public {
        _deployPool();
        _usdc.mint(address(this), LIQUIDITY);
        _usdc.approve(address(_pool), LIQUIDITY);
        _pool.deposit(LIQUIDITY, address(this));
    }

    /// @notice Any collateral, price and score: the line is the specification's, and a draw
    /// succeeds exactly when it fits what is available.
    function testFuzz_drawRespectsTheLine(
        uint256 collateralSeed,
        uint256 priceSeed,
        uint16 score,
        bool valid,
        uint256 amountSeed
    ) public {
        uint256 collateral = bound(collateralSeed, 1, 1_000e18);
        uint256 price = bound(priceSeed, 1, 10_000e8);
        _feed.setPrice(int256(price));
        _scores.setScore(BORROWER, valid, score);
        _weth.mint(BORROWER, collateral);
        VM.prank(BORROWER);
        _weth.approve(address(_pool), collateral);
        VM.prank(BORROWER);
        _pool.depositCollateral(address(_weth), collateral);

        (uint256 line, uint256 available) = _pool.creditLineOf(BORROWER);
        uint256 expected = _expectedLine(collateral, price, valid, score);
        if (line != expected) revert LineMismatch(line, expected);
        uint256 amount = bound(amountSeed, 1, 2 * line + 1);
        VM.prank(BORROWER);
        try _pool.draw(amount) {
            uint256 debt = _pool.debtOf(BORROWER);
            if (amount > available || debt > line)
                revert DrawAboveLine(amount, available, debt, line);
        } catch (bytes memory reason) {
            // Cash is 1M and the line is capped at 100k, so only the line can refuse a draw.
            if (amount <= available) revert DrawRefused(amount, available, reason);
        }
    }

    /// @notice The status follows the schema: k ≥ 1 iff the minimum was missed (k = previous
    /// count + 1), −2 only when nothing was owed or done, −1 only when the previous balance was
    /// paid, 0 only when the minimum but not the balance was paid.
    function testFuzz_statementStatusFollowsTheSchema(
        uint128 previousBalance,
        uint128 minimumDue,
        uint128 paid,
        bool drew,
        uint128 balance,
        uint8 monthsLate
    ) public pure {
        int8 status = CreditMath.statementStatus(
            previousBalance,
            minimumDue,
            paid,
            drew,
            balance,
            monthsLate
        );
        bool missed = paid < minimumDue;
        bool ok;
        if (status >= 1) {
            uint256 expectedLate = monthsLate >= 127 ? 127 : uint256(monthsLate) + 1;
            ok = missed && uint8(status) == expectedLate;
        } else if (status == -2) {
            ok = !missed && previousBalance == 0 && balance == 0 && !drew && paid == 0;
        } else if (status == -1) {
            ok = !missed && paid >= previousBalance;
        } else if (status == 0) {
            ok = !missed && paid < previousBalance;
        }
        if (!ok) revert StatusMismatch(status);
    }

    /// @notice The minimum payment never exceeds the balance and is at least min(floor, balance).
    function testFuzz_minimumPaymentBounds(
        uint96 principal,
        uint96 interest,
        uint16 bpsSeed,
        uint128 floor
    ) public pure {
        uint256 bps = bound(bpsSeed, 0, 10_000);
        uint256 minimum = CreditMath.minimumPayment(principal, interest, bps, floor);
        uint256 balance = uint256(principal) + interest;
        uint256 lower = floor < balance ? floor : balance;
        if (minimum > balance || minimum < lower) revert MinimumOutOfBounds(minimum, balance);
    }

    /// @notice Interest is the exact simple interest rounded up: never below it, less than a unit above.
    function testFuzz_interestRoundsUp(
        uint96 principal,
        uint16 aprSeed,
        uint40 elapsed
    ) public pure {
        uint256 apr = bound(aprSeed, 0, 10_000);
        uint256 interest = CreditMath.interest(principal, apr, elapsed);
        uint256 exact = uint256(principal) * apr * elapsed;
        uint256 denominator = CreditMath.BPS * CreditMath.YEAR;
        if (interest * denominator < exact || (interest * denominator) - exact >= denominator)
            revert InterestRounding(interest);
    }
}

/**
 * @title LendingPoolHandler
 * @notice Drives the pool through random sequences of what its users do: lend, withdraw, post
 * and withdraw collateral, draw, repay (also for others), close statements, let time pass,
 * move the price, change scores, liquidate. Inputs are bounded so most calls are meaningful;
 * a call that reverts leaves no trace. Ghost counters record what the invariants check.
 */
contract LendingPoolHandler {
    LendingPool private immutable _pool;
    MockERC20 private immutable _usdc;
    MockERC20 private immutable _weth;
    MockAggregator private immutable _feed;
    MockScoreRegistry private immutable _scores;
    address private constant LIQUIDATOR = address(0x11D);

    address[] private _borrowers;
    address[] private _lenders;
    int256 private _price = 2000e8;

    /// @notice Successful draws that left the debt above the line (must stay 0).
    uint256 public drawsAboveLine;
    /// @notice Draws within the line, the cash and not delinquent that reverted (must stay 0).
    uint256 public drawsRefused;
    /// @notice Calls that checkpointed a debt; each may leave the pool one unit behind borrowers.
    uint256 public debtWrites;

    constructor(
        LendingPool pool,
        MockERC20 usdc,
        MockERC20 weth,
        MockAggregator feed,
        MockScoreRegistry scores
    ) {
        (_pool, _usdc, _weth, _feed, _scores) = (pool, usdc, weth, feed, scores);
        _borrowers.push(address(0xB1));
        _borrowers.push(address(0xB2));
        _borrowers.push(address(0xB3));
        _lenders.push(address(0x1E1));
        _lenders.push(address(0x1E2));
    }

    /// @notice The borrowers the handler uses, for the invariants' sums.
    function borrowers() external view returns (address[] memory) {
        return _borrowers;
    }

    function lend(uint256 who, uint256 amount) external {
        address lender = _lenders[who % _lenders.length];
        amount = bound(amount, 1, 1_000_000e6);
        _usdc.mint(lender, amount);
        VM.prank(lender);
        _usdc.approve(address(_pool), amount);
        VM.prank(lender);
        _pool.deposit(amount, lender);
    }

    function withdraw(uint256 who, uint256 amount) external {
        address lender = _lenders[who % _lenders.length];
        uint256 max = _pool.maxWithdraw(lender);
        if (max == 0) return;
        amount = bound(amount, 1, max);
        VM.prank(lender);
        _pool.withdraw(amount, lender, lender);
    }

    function postCollateral(uint256 who, uint256 amount) external {
        address borrower = _borrowers[who % _borrowers.length];
        amount = bound(amount, 1e12, 50e18);
        _weth.mint(borrower, amount);
        VM.prank(borrower);
        _weth.approve(address(_pool), amount);
        VM.prank(borrower);
        _pool.depositCollateral(address(_weth), amount);
    }

    function withdrawCollateral(uint256 who, uint256 amount) external {
        address borrower = _borrowers[who % _borrowers.length];
        uint256 collateral = _pool.accountOf(borrower).collateral;
        if (collateral == 0) return;
        amount = bound(amount, 1, collateral);
        VM.prank(borrower);
        _pool.withdrawCollateral(address(_weth), amount);
    }

    function draw(uint256 who, uint256 amount) external {
        address borrower = _borrowers[who % _borrowers.length];
        (, uint256 available) = _pool.creditLineOf(borrower);
        // Up to 10% beyond what is available, so refusals are exercised too.
        amount = bound(amount, 1, available + available / 10 + 1);
        bool shouldSucceed =
            amount <= available &&
                amount <= _usdc.balanceOf(address(_pool)) &&
                _pool.accountOf(borrower).monthsLate == 0;
        VM.prank(borrower);
        try _pool.draw(amount) {
            ++debtWrites;
            (uint256 line, ) = _pool.creditLineOf(borrower);
            if (_pool.debtOf(borrower) > line) ++drawsAboveLine;
        } catch {
            if (shouldSucceed) ++drawsRefused;
        }
    }

    function repay(uint256 who, uint256 payerSeed, uint256 amount) external {
        address borrower = _borrowers[who % _borrowers.length];
        uint256 debt = _pool.debtOf(borrower);
        if (debt == 0) return;
        // Sometimes the borrower pays, sometimes someone else; sometimes more than the debt.
        address payer = payerSeed % 2 == 0 ? borrower : _lenders[0];
        amount = bound(amount, 1, debt + debt / 5);
        _usdc.mint(payer, amount);
        VM.prank(payer);
        _usdc.approve(address(_pool), amount);
        VM.prank(payer);
        _pool.repay(borrower, amount);
        ++debtWrites;
    }

    function closeStatements() external {
        debtWrites += _pool.closeStatements(_borrowers);
    }

    function passTime(uint256 secondsSeed) external {
        VM.warp(block.timestamp + bound(secondsSeed, 1, 40 days));
        // A live feed keeps posting; without this every long jump would only test staleness.
        _feed.setPrice(_price);
    }

    function movePrice(uint256 priceSeed) external {
        _price = int256(bound(priceSeed, 500e8, 4000e8));
        _feed.setPrice(_price);
    }

    function setScore(uint256 who, uint256 scoreSeed, bool valid) external {
        _scores.setScore(
            _borrowers[who % _borrowers.length],
            valid,
            uint16(bound(scoreSeed, 300, 850))
        );
    }

    function liquidate(uint256 who, uint256 amount) external {
        address borrower = _borrowers[who % _borrowers.length];
        (bool byPrice, bool byDelinquency) = _pool.liquidatable(borrower);
        if (!byPrice && !byDelinquency) return;
        amount = bound(amount, 1, _pool.debtOf(borrower));
        _usdc.mint(LIQUIDATOR, amount);
        VM.prank(LIQUIDATOR);
        _usdc.approve(address(_pool), amount);
        VM.prank(LIQUIDATOR);
        _pool.liquidate(borrower, amount);
        ++debtWrites;
    }
}

/**
 * @title LendingPoolInvariantTest
 * @notice Accounting invariants under random sequences of user actions:
 * - what the vault reports to lenders (totalAssets) never exceeds its cash plus what borrowers
 *   actually owe, and lenders' claims never exceed totalAssets;
 * - the pool's interest count never runs ahead of borrowers' debts, nor behind by more than its
 *   rounding budget;
 * - no draw ever leaves a debt above the line, and no draw within it is refused;
 * - the collateral held equals the collateral recorded.
 */
contract LendingPoolInvariantTest is LendingPoolSetup {
    LendingPoolHandler private _handler;

    /// @notice totalAssets exceeds cash + what borrowers owe.
    error TotalAssetsUnbacked(uint256 totalAssets, uint256 cash, uint256 owed);
    /// @notice Lenders' shares are worth more than totalAssets.
    error LenderClaimsExceedAssets(uint256 claims, uint256 totalAssets);
    /// @notice The pool's debt count is outside [Σ owed − rounding budget, Σ owed].
    error DebtCountDrift(uint256 totalDebt, uint256 owed, uint256 budget);
    /// @notice A draw broke the line, or a valid draw was refused.
    error DrawRuleBroken(uint256 drawsAboveLine, uint256 drawsRefused);
    /// @notice The pool's collateral balance differs from the sum of accounts.
    error CollateralMismatch(uint256 held, uint256 recorded);

    function setUp() public {
        _deployPool();
        _handler = new LendingPoolHandler(_pool, _usdc, _weth, _feed, _scores);
    }

    /// @notice Only the handler is called by the invariant fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    /// @notice One campaign checks every property after every call: on two shared cores, one deep
    /// campaign finds more than several shallow ones.
    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    function invariant_accounting() public view {
        _checkTotalAssetsBacked();
        _checkDebtCount();
        _checkDraws();
        _checkCollateral();
    }

    /// @notice totalAssets ≤ cash + Σ owed, and lenders' claims ≤ totalAssets.
    function _checkTotalAssetsBacked() private view {
        uint256 cash = _usdc.balanceOf(address(_pool));
        uint256 owed = _sumOwed();
        uint256 totalAssets = _pool.totalAssets();
        if (totalAssets > cash + owed) revert TotalAssetsUnbacked(totalAssets, cash, owed);
        uint256 claims = _pool.convertToAssets(_pool.totalSupply());
        if (claims > totalAssets) revert LenderClaimsExceedAssets(claims, totalAssets);
    }

    /// @notice Σ owed − budget ≤ totalDebt ≤ Σ owed.
    function _checkDebtCount() private view {
        uint256 owed = _sumOwed();
        uint256 totalDebt = _pool.totalDebt();
        // Each checkpoint rounds the pool down and the borrower up by under one unit each.
        uint256 budget = 2 * _handler.debtWrites() + 3;
        if (totalDebt > owed || owed - totalDebt > budget)
            revert DebtCountDrift(totalDebt, owed, budget);
    }

    /// @notice No draw broke the line; no valid draw was refused.
    function _checkDraws() private view {
        uint256 above = _handler.drawsAboveLine();
        uint256 refused = _handler.drawsRefused();
        if (above != 0 || refused != 0) revert DrawRuleBroken(above, refused);
    }

    /// @notice The pool holds exactly the collateral its accounts record.
    function _checkCollateral() private view {
        address[] memory borrowers = _handler.borrowers();
        uint256 recorded;
        for (uint256 i; i < borrowers.length; ++i)
            recorded += _pool.accountOf(borrowers[i]).collateral;
        uint256 held = _weth.balanceOf(address(_pool));
        if (held != recorded) revert CollateralMismatch(held, recorded);
    }

    function _sumOwed() private view returns (uint256 owed) {
        address[] memory borrowers = _handler.borrowers();
        for (uint256 i; i < borrowers.length; ++i) owed += _pool.debtOf(borrowers[i]);
    }
}
