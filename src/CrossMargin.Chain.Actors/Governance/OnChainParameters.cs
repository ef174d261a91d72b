using System.Numerics;
using CrossMargin.Margin;
using Contract = CrossMargin.Chain.Contracts;

namespace CrossMargin.Chain.Actors.Governance;

/// <summary>
/// The risk parameter set between the margin model's form (<see cref="RiskParameters"/>) and the
/// registry's (the ABI struct of ICollateralRegistry.RiskParameters). Both carry the same
/// numbers in the same units; the registry's has no symbols, so a set read from the chain names
/// its assets and underlyings by slot ("asset0", "underlying1") unless symbols are given.
/// </summary>
public static class OnChainParameters
{
    public static Contract.RiskParameters ToContract(RiskParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new Contract.RiskParameters
        {
            Haircut = [.. p.Assets.Select(a => a.Haircut)],
            DebtWeight = [.. p.Assets.Select(a => a.DebtWeight)],
            Shock = [.. p.Underlyings.Select(u => u.Shock)],
            VolMove = [.. p.Underlyings.Select(u => u.VolMove)],
            LatencyVol = [.. p.Underlyings.Select(u => u.LatencyVol)],
            Correlation = [.. p.Correlation.Select(row => row.ToList())],
            Grid = [.. p.Grid],
            LevelMultiplier = [.. p.LevelMultiplier],
            LevelFloor = [.. p.LevelFloor],
        };
    }

    /// <summary>
    /// The registry's set as the model's. The registry pads a set to its configuration's sizes
    /// exactly as the model does, so the set read back hashes to the registry's parameter hash.
    /// </summary>
    public static RiskParameters FromContract(Contract.RiskParameters p, IReadOnlyList<string>? assetSymbols = null, IReadOnlyList<string>? underlyingSymbols = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Haircut.Count != p.DebtWeight.Count || p.Shock.Count != p.VolMove.Count || p.Shock.Count != p.LatencyVol.Count
            || p.Correlation.Count != p.Shock.Count || p.Correlation.Any(row => row.Count != p.Shock.Count)
            || p.LevelMultiplier.Count != 2 || p.LevelFloor.Count != 2)
            throw new ChainAnswerException("the registry's active parameters", "the arrays' lengths do not fit one configuration");
        string Symbol(IReadOnlyList<string>? symbols, string kind, int i) => symbols is not null && i < symbols.Count ? symbols[i] : kind + i;
        return new RiskParameters(
            [.. p.Haircut.Select((h, i) => new Asset(Symbol(assetSymbols, "asset", i), h, p.DebtWeight[i]))],
            [.. p.Shock.Select((m, i) => new Underlying(Symbol(underlyingSymbols, "underlying", i), m, p.VolMove[i], p.LatencyVol[i]))],
            [.. p.Correlation.Select(row => (IReadOnlyList<BigInteger>)[.. row])],
            [.. p.Grid],
            [.. p.LevelMultiplier],
            [.. p.LevelFloor]);
    }
}
