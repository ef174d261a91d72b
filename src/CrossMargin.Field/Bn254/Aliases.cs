// The BN254 fields by their usual names, for code in this project. Other projects declare the
// same aliases in their own Usings.cs.
global using Fq = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>;
global using Fr = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FrParams>;
global using Fq2 = CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>;
