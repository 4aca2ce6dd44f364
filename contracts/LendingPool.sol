// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {IScoreRegistry} from "./interfaces/IScoreRegistry.sol";
import {CreditMath} from "./lending/CreditMath.sol";
import {CreditPolicy} from "./lending/CreditPolicy.sol";
import {PriceFeedReader} from "./lending/PriceFeedReader.sol";

/**
 * @title LendingPool
 * @notice ERC-4626 vault of a stable asset lent as revolving credit lines against one collateral
 * token, priced by the borrower's proven score (see ILendingPool).
 * @dev Accounting. `totalAssets = cash + Σ principal + interest owed to the pool`. The pool counts
 * interest continuously: at every debt change it adds W × elapsed / (BPS × YEAR), W = Σ principalᵢ
 * × aprᵢ, rounded down, and subtracts interest paid or written off (saturating at 0). Each borrower's
 * own interest rounds up, so what borrowers owe always covers what the vault reports to lenders.
 * Counting interest as it accrues, not when paid, means no deposit can jump ahead of a payment.
 */
contract LendingPool is ERC4626, AccessControl, Pausable, ReentrancyGuardTransient, CreditPolicy {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using PriceFeedReader for AggregatorV3Interface;

    /// @notice Sets tiers and risk parameters, unpauses. Held by the TimelockController.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    /// @notice May pause the pool (a guardian that can act faster than the timelock).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Length of a statement period.
    uint256 public constant STATEMENT_PERIOD = 30 days;

    // Virtual shares = 10^6: an inflation attack must donate a million times what it steals.
    uint8 private constant DECIMALS_OFFSET = 6;

    /// @notice What the pool is wired to at deployment (a struct keeps the constructor's ABI decoder shallow).
    struct Wiring {
        // The stable asset lent (≤ 18 decimals).
        IERC20Metadata asset;
        // The collateral token (≤ 18 decimals, not the asset).
        IERC20Metadata collateral;
        // Price of one whole collateral token in the asset (≤ 18 decimals).
        AggregatorV3Interface priceFeed;
        // The ScoreRegistry.
        IScoreRegistry scoreSource;
        // Receives GOVERNOR_ROLE and DEFAULT_ADMIN_ROLE (the TimelockController).
        address governor;
        // Receives PAUSER_ROLE; zero for none.
        address pauser;
    }

    IERC20 private immutable _collateral;
    AggregatorV3Interface private immutable _feed;
    IScoreRegistry private immutable _scores;
    // value (asset units) = collateral × price × _valueScaleUp / _valueScaleDown; one of them is 1.
    uint256 private immutable _valueScaleUp;
    uint256 private immutable _valueScaleDown;

    mapping(address borrower => Account) private _accounts;
    // Σ principal over all borrowers, asset units.
    uint128 private _totalPrincipal;
    // Interest owed to the pool as of `_poolAccruedAt` (see the contract's @dev), asset units.
    uint128 private _totalInterest;
    // W = Σ principal × aprBps: principal < 2^128 and aprBps ≤ 10^4 < 2^14, so W < 2^142.
    uint216 private _rateWeight;
    // When `_totalInterest` was last brought up to date.
    uint40 private _poolAccruedAt;

    /**
     * @param wiring Tokens, feed, score source and roles.
     * @param initialTiers The first tier table (validated as in `setTiers`).
     * @param initialRisk The first risk parameters (validated as in `setRiskParameters`).
     */
    constructor(
        Wiring memory wiring,
        Tier[] memory initialTiers,
        RiskParameters memory initialRisk
    ) ERC20("zkcredit Lending Pool share", "zkLP") ERC4626(wiring.asset) {
        IERC20Metadata asset_ = wiring.asset;
        IERC20Metadata collateral_ = wiring.collateral;
        AggregatorV3Interface feed_ = wiring.priceFeed;
        // code.length first: calling decimals() on an account without code reverts without a reason.
        if (address(asset_).code.length == 0 || asset_.decimals() > 18)
            revert LendingPoolUnsupportedToken(address(asset_));
        if (address(collateral_).code.length == 0 || collateral_ == asset_)
            revert LendingPoolUnsupportedToken(address(collateral_));
        if (collateral_.decimals() > 18) revert LendingPoolUnsupportedToken(address(collateral_));
        if (address(feed_).code.length == 0 || feed_.decimals() > 18)
            revert LendingPoolInvalidPriceFeed(address(feed_));
        if (address(wiring.scoreSource).code.length == 0)
            revert LendingPoolInvalidScoreSource(address(wiring.scoreSource));
        if (wiring.governor == address(0)) revert LendingPoolInvalidGovernor(wiring.governor);

        _collateral = collateral_;
        _feed = feed_;
        _scores = wiring.scoreSource;
        uint256 assetDecimals = asset_.decimals();
        uint256 priceDecimals = uint256(collateral_.decimals()) + feed_.decimals();
        (_valueScaleUp, _valueScaleDown) = assetDecimals >= priceDecimals
            ? (10 ** (assetDecimals - priceDecimals), uint256(1))
            : (uint256(1), 10 ** (priceDecimals - assetDecimals));

        _grantRole(DEFAULT_ADMIN_ROLE, wiring.governor);
        _grantRole(GOVERNOR_ROLE, wiring.governor);
        if (wiring.pauser != address(0)) _grantRole(PAUSER_ROLE, wiring.pauser);
        _setRiskParameters(initialRisk);
        _setTiers(initialTiers);
    }

    // ---------------------------------------------------------------- borrowers

    /// @inheritdoc ILendingPool
    function depositCollateral(address token, uint256 amount) external nonReentrant {
        if (token != address(_collateral)) revert LendingPoolUnsupportedToken(token);
        if (amount == 0) revert LendingPoolZeroAmount();
        Account storage a = _accounts[msg.sender];
        if (a.statementAt == 0) {
            a.statementAt = uint40(block.timestamp);
            emit AccountOpened(msg.sender, uint64(block.timestamp));
        }
        a.collateral = (a.collateral + amount).toUint128();
        emit CollateralDeposited(msg.sender, amount);
        _collateral.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ILendingPool
    function withdrawCollateral(address token, uint256 amount) external nonReentrant whenNotPaused {
        if (token != address(_collateral)) revert LendingPoolUnsupportedToken(token);
        if (amount == 0) revert LendingPoolZeroAmount();
        Account storage a = _accounts[msg.sender];
        uint256 collateral = a.collateral;
        if (amount > collateral)
            revert LendingPoolInsufficientCollateral(msg.sender, amount, collateral);
        uint256 debt = _debt(a);
        if (debt != 0) {
            (, Tier memory tier) = _currentTier(msg.sender);
            uint256 lineAfter = _creditLine(collateral - amount, tier.advanceRateBps);
            if (debt > lineAfter)
                revert LendingPoolUnhealthyWithdrawal(msg.sender, debt, lineAfter);
        }
        // amount ≤ collateral, checked above.
        unchecked {
            a.collateral = uint128(collateral - amount);
        }
        emit CollateralWithdrawn(msg.sender, amount);
        _collateral.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILendingPool
    function draw(uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert LendingPoolZeroAmount();
        Account storage a = _accounts[msg.sender];
        uint8 monthsLate = a.monthsLate;
        if (monthsLate != 0) revert LendingPoolDelinquent(msg.sender, monthsLate);
        (uint8 tierIndex, Tier memory tier) = _currentTier(msg.sender);
        uint256 principal = a.principal;
        uint256 interest = a.interest + _pendingInterest(a);
        uint256 debt = principal + interest;
        uint256 line = _creditLine(a.collateral, tier.advanceRateBps);
        if (debt + amount > line)
            revert LendingPoolExceedsCreditLine(msg.sender, amount, line > debt ? line - debt : 0);
        uint256 cash = _cash();
        if (amount > cash) revert LendingPoolInsufficientLiquidity(amount, cash);

        if (_writeDebt(a, interest, principal + amount, interest, tier.aprBps))
            emit TermsUpdated(msg.sender, tierIndex, tier.aprBps);
        if (!a.drewInPeriod) a.drewInPeriod = true;
        emit Drawn(msg.sender, amount, debt + amount);
        IERC20(asset()).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILendingPool
    function repay(
        address borrower,
        uint256 amount
    ) external nonReentrant returns (uint256 repaid) {
        if (amount == 0) revert LendingPoolZeroAmount();
        Account storage a = _accounts[borrower];
        uint256 principal = a.principal;
        uint256 interest = a.interest + _pendingInterest(a);
        uint256 debt = principal + interest;
        if (debt == 0) revert LendingPoolNothingToRepay(borrower);
        repaid = Math.min(amount, debt);
        (uint256 newPrincipal, uint256 newInterest) = _applyPayment(principal, interest, repaid);
        _writeDebt(a, interest, newPrincipal, newInterest, a.aprBps);
        a.paidInPeriod = (a.paidInPeriod + repaid).toUint128();
        emit Repaid(borrower, msg.sender, repaid, debt - repaid);
        IERC20(asset()).safeTransferFrom(msg.sender, address(this), repaid);
    }

    // ---------------------------------------------------------------- statements

    /// @inheritdoc ILendingPool
    function closeStatement(address borrower) external nonReentrant {
        Account storage a = _accounts[borrower];
        uint256 openedAt = a.statementAt;
        if (openedAt == 0) revert LendingPoolNoAccount(borrower);
        uint256 dueAt = openedAt + STATEMENT_PERIOD;
        if (block.timestamp < dueAt) revert LendingPoolStatementNotDue(borrower, dueAt);
        _closeStatement(borrower, a);
    }

    /// @inheritdoc ILendingPool
    function closeStatements(
        address[] calldata borrowers
    ) external nonReentrant returns (uint256 closed) {
        for (uint256 i; i < borrowers.length; ++i) {
            Account storage a = _accounts[borrowers[i]];
            uint256 openedAt = a.statementAt;
            if (openedAt == 0 || block.timestamp < openedAt + STATEMENT_PERIOD) continue;
            _closeStatement(borrowers[i], a);
            ++closed;
        }
    }

    /// @notice Closes the current period: accrues, refreshes the tier, records the statement.
    /// @param borrower The borrower.
    /// @param a Its account.
    function _closeStatement(address borrower, Account storage a) private {
        (uint8 tierIndex, Tier memory tier) = _currentTier(borrower);
        uint256 line = _creditLine(a.collateral, tier.advanceRateBps);
        uint256 principal = a.principal;
        uint256 interest = a.interest + _pendingInterest(a);
        RiskParameters storage risk = _riskParameters();
        uint256 minimumDue = CreditMath.minimumPayment(
            principal,
            interest,
            risk.minimumPaymentBps,
            risk.minimumPaymentFloor
        );
        if (_writeDebt(a, interest, principal, interest, tier.aprBps))
            emit TermsUpdated(borrower, tierIndex, tier.aprBps);
        _recordStatement(borrower, a, line, principal + interest, minimumDue);
    }

    /**
     * @notice Rates the period that ends now, starts the next one and emits the statement.
     * @param borrower The borrower.
     * @param a Its account, already accrued to now.
     * @param line Credit line at close.
     * @param balance Debt at close.
     * @param minimumDue Minimum payment for the next period (≤ balance).
     */
    function _recordStatement(
        address borrower,
        Account storage a,
        uint256 line,
        uint256 balance,
        uint256 minimumDue
    ) private {
        uint256 paid = a.paidInPeriod;
        int8 status = CreditMath.statementStatus(
            a.statementBalance,
            a.minimumDue,
            paid,
            a.drewInPeriod,
            balance,
            a.monthsLate
        );
        uint256 index = a.statementCount;
        a.statementAt = uint40(block.timestamp);
        a.statementCount = uint32(index + 1); // one per 30 days: 2^32 periods is 350 million years
        a.paidInPeriod = 0;
        // balance is a sum of two uint96 fields; SafeCast guards the theoretical carry.
        a.statementBalance = balance.toUint96();
        a.minimumDue = uint128(minimumDue); // ≤ balance
        // A status > 0 is the new count of consecutive missed minimums; anything else clears it.
        a.monthsLate = status > 0 ? uint8(status) : 0;
        a.drewInPeriod = false;
        emit StatementClosed(borrower, index, uint64(block.timestamp), line, balance, paid, status);
        emit MinimumPaymentSet(
            borrower,
            index,
            minimumDue,
            uint64(block.timestamp + STATEMENT_PERIOD)
        );
    }

    // ---------------------------------------------------------------- liquidation

    /// @inheritdoc ILendingPool
    function liquidate(
        address borrower,
        uint256 maxRepay
    ) external nonReentrant whenNotPaused returns (uint256 repaid, uint256 seized) {
        if (maxRepay == 0) revert LendingPoolZeroAmount();
        Account storage a = _accounts[borrower];
        uint256 price = _feed.checkedPrice(_riskParameters().priceHeartbeat);
        bool delinquent = _requireLiquidatable(borrower, a, price);
        uint256 writtenOff;
        (repaid, seized, writtenOff) = _settleLiquidation(a, maxRepay, price);
        emit Liquidated(borrower, msg.sender, repaid, seized, delinquent);
        if (writtenOff != 0) emit BadDebtWrittenOff(borrower, writtenOff);
        if (repaid != 0) IERC20(asset()).safeTransferFrom(msg.sender, address(this), repaid);
        if (seized != 0) _collateral.safeTransfer(msg.sender, seized);
    }

    /**
     * @notice Reverts unless the position is under-collateralised or delinquent.
     * @param borrower The borrower.
     * @param a Its account.
     * @param price Checked feed price.
     * @return delinquent True when only delinquency makes it liquidatable.
     */
    function _requireLiquidatable(
        address borrower,
        Account storage a,
        uint256 price
    ) private view returns (bool delinquent) {
        RiskParameters storage risk = _riskParameters();
        uint256 debt = _debt(a);
        uint256 liquidationValue = Math.mulDiv(
            _value(a.collateral, price),
            risk.liquidationThresholdBps,
            CreditMath.BPS
        );
        if (liquidationValue < debt) return false;
        uint8 monthsLate = a.monthsLate;
        if (debt == 0 || monthsLate < risk.delinquencyLimit)
            revert LendingPoolNotLiquidatable(borrower, debt, liquidationValue, monthsLate);
        return true;
    }

    /**
     * @notice Applies a liquidation to the account: repayment, seizure and, when no collateral is
     * left behind remaining debt, the write-off (lenders bear it now, not when someone notices).
     * @param a The account.
     * @param maxRepay Most the liquidator repays.
     * @param price Checked feed price.
     * @return repaid Asset units to pull from the liquidator.
     * @return seized Collateral units to send to the liquidator.
     * @return writtenOff Debt written off, asset units.
     */
    function _settleLiquidation(
        Account storage a,
        uint256 maxRepay,
        uint256 price
    ) private returns (uint256 repaid, uint256 seized, uint256 writtenOff) {
        uint256 interest = a.interest + _pendingInterest(a);
        uint256 debt = a.principal + interest;
        uint256 collateral = a.collateral;
        (repaid, seized) = _liquidationAmounts(Math.min(maxRepay, debt), collateral, price);
        if (seized == collateral) writtenOff = debt - repaid;
        // The write-off leaves the account like a payment of the rest, so principal and interest reach 0.
        (uint256 principal, uint256 newInterest) = _applyPayment(
            debt - interest,
            interest,
            repaid + writtenOff
        );
        _writeDebt(a, interest, principal, newInterest, a.aprBps);
        // seized ≤ collateral by construction.
        unchecked {
            a.collateral = uint128(collateral - seized);
        }
    }

    /**
     * @notice Collateral worth `offered` plus the bonus; if the collateral falls short, all of it
     * and the repayment it covers.
     * @param offered Asset units the liquidator offers to repay (≤ debt).
     * @param collateral The borrower's collateral.
     * @param price Checked feed price.
     * @return repaid Asset units to repay.
     * @return seized Collateral units to seize.
     */
    function _liquidationAmounts(
        uint256 offered,
        uint256 collateral,
        uint256 price
    ) private view returns (uint256 repaid, uint256 seized) {
        uint256 bonusFactor = CreditMath.BPS + _riskParameters().liquidationBonusBps;
        seized = _collateralFor(Math.mulDiv(offered, bonusFactor, CreditMath.BPS), price);
        if (seized <= collateral) return (offered, seized);
        uint256 covered = Math.mulDiv(_value(collateral, price), CreditMath.BPS, bonusFactor);
        return (Math.min(offered, covered), collateral);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc ILendingPool
    function setTiers(Tier[] calldata newTiers) external onlyRole(GOVERNOR_ROLE) {
        _setTiers(newTiers);
    }

    /// @inheritdoc ILendingPool
    function setRiskParameters(
        RiskParameters calldata parameters
    ) external onlyRole(GOVERNOR_ROLE) {
        _setRiskParameters(parameters);
    }

    /// @inheritdoc ILendingPool
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc ILendingPool
    function unpause() external onlyRole(GOVERNOR_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- ERC-4626 (lenders)

    /// @notice Cash + everything borrowers owe, interest accrued to the second (rounded down).
    /// @inheritdoc IERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return _cash() + totalDebt();
    }

    /// @notice Zero while paused.
    /// @inheritdoc IERC4626
    function maxDeposit(
        address receiver
    ) public view override(ERC4626, IERC4626) returns (uint256) {
        return paused() ? 0 : super.maxDeposit(receiver);
    }

    /// @notice Zero while paused.
    /// @inheritdoc IERC4626
    function maxMint(address receiver) public view override(ERC4626, IERC4626) returns (uint256) {
        return paused() ? 0 : super.maxMint(receiver);
    }

    /// @notice Capped by the cash on hand (the rest is lent out); zero while paused.
    /// @inheritdoc IERC4626
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        return paused() ? 0 : Math.min(super.maxWithdraw(owner), _cash());
    }

    /// @notice Capped by the shares the cash on hand can pay; zero while paused.
    /// @inheritdoc IERC4626
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (paused()) return 0;
        return Math.min(super.maxRedeem(owner), _convertToShares(_cash(), Math.Rounding.Floor));
    }

    /// @inheritdoc IERC4626
    function deposit(
        uint256 assets,
        address receiver
    ) public override(ERC4626, IERC4626) nonReentrant whenNotPaused returns (uint256) {
        if (assets == 0) revert LendingPoolZeroAmount();
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc IERC4626
    function mint(
        uint256 shares,
        address receiver
    ) public override(ERC4626, IERC4626) nonReentrant whenNotPaused returns (uint256) {
        if (shares == 0) revert LendingPoolZeroAmount();
        return super.mint(shares, receiver);
    }

    /// @inheritdoc IERC4626
    function withdraw(
        uint256 assets,
        address receiver,
        address owner
    ) public override(ERC4626, IERC4626) nonReentrant whenNotPaused returns (uint256) {
        if (assets == 0) revert LendingPoolZeroAmount();
        return super.withdraw(assets, receiver, owner);
    }

    /// @inheritdoc IERC4626
    function redeem(
        uint256 shares,
        address receiver,
        address owner
    ) public override(ERC4626, IERC4626) nonReentrant whenNotPaused returns (uint256) {
        if (shares == 0) revert LendingPoolZeroAmount();
        return super.redeem(shares, receiver, owner);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILendingPool
    function collateralToken() external view returns (address) {
        return address(_collateral);
    }

    /// @inheritdoc ILendingPool
    function priceFeed() external view returns (address) {
        return address(_feed);
    }

    /// @inheritdoc ILendingPool
    function scoreSource() external view returns (address) {
        return address(_scores);
    }

    /// @inheritdoc ILendingPool
    function tierOf(address borrower) external view returns (uint8 index, Tier memory tier) {
        return _currentTier(borrower);
    }

    /// @inheritdoc ILendingPool
    function accountOf(address borrower) external view returns (Account memory) {
        return _accounts[borrower];
    }

    /// @inheritdoc ILendingPool
    function debtOf(address borrower) external view returns (uint256) {
        return _debt(_accounts[borrower]);
    }

    /// @inheritdoc ILendingPool
    function creditLineOf(
        address borrower
    ) external view returns (uint256 line, uint256 available) {
        Account storage a = _accounts[borrower];
        (, Tier memory tier) = _currentTier(borrower);
        line = _creditLine(a.collateral, tier.advanceRateBps);
        uint256 debt = _debt(a);
        available = line > debt ? line - debt : 0;
    }

    /// @inheritdoc ILendingPool
    function collateralValue(uint256 amount) external view returns (uint256) {
        return _value(amount, _feed.checkedPrice(_riskParameters().priceHeartbeat));
    }

    /// @inheritdoc ILendingPool
    function liquidatable(
        address borrower
    ) external view returns (bool byPrice, bool byDelinquency) {
        Account storage a = _accounts[borrower];
        uint256 debt = _debt(a);
        if (debt == 0) return (false, false);
        RiskParameters storage risk = _riskParameters();
        uint256 value = _value(a.collateral, _feed.checkedPrice(risk.priceHeartbeat));
        byPrice = Math.mulDiv(value, risk.liquidationThresholdBps, CreditMath.BPS) < debt;
        byDelinquency = a.monthsLate >= risk.delinquencyLimit;
    }

    /// @inheritdoc ILendingPool
    function statementDueAt(address borrower) external view returns (uint256) {
        uint256 openedAt = _accounts[borrower].statementAt;
        return openedAt == 0 ? 0 : openedAt + STATEMENT_PERIOD;
    }

    /// @inheritdoc ILendingPool
    function totalDebt() public view returns (uint256) {
        return uint256(_totalPrincipal) + _totalInterest + _poolInterestSinceCheckpoint();
    }

    // ---------------------------------------------------------------- internals

    /// @inheritdoc ERC4626
    function _decimalsOffset() internal pure override returns (uint8) {
        return DECIMALS_OFFSET;
    }

    /// @notice The pool's asset balance (donations included, as in OpenZeppelin's ERC4626).
    /// @return Asset units.
    function _cash() private view returns (uint256) {
        return IERC20(asset()).balanceOf(address(this));
    }

    /// @notice The borrower's tier from its current valid score.
    /// @param borrower The borrower.
    /// @return index The tier index.
    /// @return tier The tier.
    function _currentTier(address borrower) private view returns (uint8 index, Tier memory tier) {
        (bool valid, uint16 score) = _scores.validScoreOf(borrower);
        return _tierFor(valid, score);
    }

    /// @notice Interest accrued since the account's last checkpoint.
    /// @param a The account.
    /// @return Asset units, rounded up.
    function _pendingInterest(Account storage a) private view returns (uint256) {
        return CreditMath.interest(a.principal, a.aprBps, block.timestamp - a.accruedAt);
    }

    /// @notice Principal plus interest owed now.
    /// @param a The account.
    /// @return Asset units.
    function _debt(Account storage a) private view returns (uint256) {
        return uint256(a.principal) + a.interest + _pendingInterest(a);
    }

    /// @notice min(collateral value × advance rate, max credit line); no price read without collateral.
    /// @param collateral Collateral units.
    /// @param advanceRateBps The tier's advance rate.
    /// @return Asset units.
    function _creditLine(
        uint256 collateral,
        uint256 advanceRateBps
    ) private view returns (uint256) {
        if (collateral == 0 || advanceRateBps == 0) return 0;
        RiskParameters storage risk = _riskParameters();
        uint256 value = _value(collateral, _feed.checkedPrice(risk.priceHeartbeat));
        return Math.min(Math.mulDiv(value, advanceRateBps, CreditMath.BPS), risk.maxCreditLine);
    }

    /// @notice Asset value of collateral at a price, rounded down.
    /// @param amount Collateral units.
    /// @param price Feed answer.
    /// @return Asset units.
    function _value(uint256 amount, uint256 price) private view returns (uint256) {
        return Math.mulDiv(amount, price * _valueScaleUp, _valueScaleDown);
    }

    /// @notice Collateral worth a value at a price, rounded down (in the borrower's favour).
    /// @param value Asset units.
    /// @param price Feed answer (> 0).
    /// @return Collateral units.
    function _collateralFor(uint256 value, uint256 price) private view returns (uint256) {
        return Math.mulDiv(value, _valueScaleDown, price * _valueScaleUp);
    }

    /// @notice Splits a payment: interest first, then principal.
    /// @param principal Before.
    /// @param interest Before.
    /// @param payment ≤ principal + interest.
    /// @return Principal after.
    /// @return Interest after.
    function _applyPayment(
        uint256 principal,
        uint256 interest,
        uint256 payment
    ) private pure returns (uint256, uint256) {
        if (payment <= interest) return (principal, interest - payment);
        return (principal - (payment - interest), 0);
    }

    /// @notice Interest the pool earned since `_poolAccruedAt`, rounded down.
    /// @return Asset units.
    function _poolInterestSinceCheckpoint() private view returns (uint256) {
        return
            (_rateWeight * (block.timestamp - _poolAccruedAt)) / (CreditMath.BPS * CreditMath.YEAR);
    }

    /**
     * @notice Checkpoints an account at now with its new principal, interest and rate, and the pool
     * with it. Every change of principal, rate or accruedAt goes through here.
     * @param a The account.
     * @param interestNow The account's interest accrued to now, before this change.
     * @param principal New principal.
     * @param interest New interest, ≤ interestNow (the difference was paid or written off).
     * @param aprBps New rate.
     * @return rateChanged Whether the rate differs from the previous one.
     */
    function _writeDebt(
        Account storage a,
        uint256 interestNow,
        uint256 principal,
        uint256 interest,
        uint16 aprBps
    ) private returns (bool rateChanged) {
        uint256 oldPrincipal = a.principal;
        uint16 oldApr = a.aprBps;
        // Pool first, at the old weight, then the weight moves to the new terms.
        uint256 poolInterest = _totalInterest + _poolInterestSinceCheckpoint();
        uint256 removed = interestNow - interest;
        // Saturating: borrowers round up, the pool down, so the last payer may pay a unit more.
        _totalInterest = poolInterest > removed ? (poolInterest - removed).toUint128() : 0;
        _totalPrincipal = (_totalPrincipal + principal - oldPrincipal).toUint128();
        // Add before subtracting: this account's old weight is part of the sum.
        _rateWeight = uint216(_rateWeight + principal * aprBps - oldPrincipal * oldApr);
        _poolAccruedAt = uint40(block.timestamp);
        a.principal = principal.toUint96();
        a.interest = interest.toUint96();
        a.accruedAt = uint40(block.timestamp);
        a.aprBps = aprBps;
        return aprBps != oldApr;
    }
}
