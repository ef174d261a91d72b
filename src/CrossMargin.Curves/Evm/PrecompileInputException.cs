using CrossMargin.Curves.Encodings;

namespace CrossMargin.Curves.Evm;

/// <summary>
/// An input the BN254 precompiles reject (the EVM call fails and consumes its gas): a
/// coordinate not below q, a point off its curve, a G2 point off its subgroup, or a pairing
/// input whose length is not a multiple of 192. <see cref="Offset"/> is the byte of the input
/// at fault.
/// </summary>
public sealed class PrecompileInputException : MalformedInputException
{
    public PrecompileInputException(string message, long offset, PointEncodingError error, Exception? innerException = null)
        : base(message, innerException)
    {
        Offset = offset;
        Error = error;
    }

    public long Offset { get; }

    /// <summary>What was wrong (<see cref="PointEncodingError.WrongLength"/> for a bad pairing input length).</summary>
    public PointEncodingError Error { get; }
}
