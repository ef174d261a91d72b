// The BN254 fields by their usual names. One definition, linked by Directory.Build.targets into
// every project that sets <Bn254Aliases>Field</Bn254Aliases> or Curves.
global using Fq = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>;
global using Fr = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FrParams>;
global using Fq2 = CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>;
global using Fq6 = CrossMargin.Field.Fp6<CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>, CrossMargin.Field.Bn254.Bn254TowerParams>;
global using Fq12 = CrossMargin.Field.Fp12<CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>, CrossMargin.Field.Bn254.Bn254TowerParams>;
