// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

// Tiers of the engine: enough for costs, eight priority ranks and the ordinary claims. The arrays below spell the
// length as the literal 10 because Slither folds only literals into array lengths; the compiler checks every user's
// arrays against them.
uint256 constant PRO_RATA_TIERS = 10;

/// @title ProRata
/// @notice The suite's one priority/pro-rata engine, shared by the enforcement office and the bankruptcy estate.
/// A round fills the tiers in order (tier 0 first) from the money available; a tier filled in full pays every claim
/// in it what it is owed; the one partially filled tier pays pro rata with cumulative rounding, so a round that is
/// paged over several transactions credits exactly `fill` in that tier, whatever the page boundaries:
/// share_i = floor(F*S_i/T) - floor(F*S_{i-1}/T), S_i the running sum of claims owed in the tier.
library ProRata {
    struct Tiers {
        uint256[10] total; // owed per tier when the round started
        uint256[10] fill; // paid per tier in this round
        uint256[10] cum; // running sum S of the tier's claims paged so far
        uint256[10] left; // owed per tier now
    }

    /// @notice The per-tier fill of a round with `available` to pay: tier by tier in order, each up to its total.
    function fills(uint256[10] memory totals, uint256 available) internal pure returns (uint256[10] memory f) {
        uint256 remaining = available;
        for (uint256 t = 0; t < PRO_RATA_TIERS; ++t) {
            f[t] = Math.min(totals[t], remaining);
            remaining -= f[t];
        }
    }

    /// @notice The share of a claim owed `owe` in tier `t` (advances the tier's running sum).
    function share(Tiers memory r, uint256 t, uint256 owe) internal pure returns (uint256) {
        uint256 fill = r.fill[t];
        if (fill == r.total[t]) return owe;
        if (fill == 0) return 0;
        uint256 s0 = r.cum[t];
        uint256 s1 = s0 + owe;
        r.cum[t] = s1;
        return Math.mulDiv(fill, s1, r.total[t]) - Math.mulDiv(fill, s0, r.total[t]);
    }
}
