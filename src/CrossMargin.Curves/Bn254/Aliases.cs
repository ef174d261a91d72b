// BN254's groups by their usual names. One definition, linked by Directory.Build.targets into
// every project that sets <Bn254Aliases>Curves</Bn254Aliases>.
global using G1Affine = CrossMargin.Curves.AffinePoint<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Curves.Bn254.G1Curve>;
global using G1Jacobian = CrossMargin.Curves.JacobianPoint<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Curves.Bn254.G1Curve>;
global using G2Affine = CrossMargin.Curves.AffinePoint<CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>, CrossMargin.Curves.Bn254.G2Curve>;
global using G2Jacobian = CrossMargin.Curves.JacobianPoint<CrossMargin.Field.QuadraticExtension<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params>, CrossMargin.Curves.Bn254.G2Curve>;
global using G2Prepared = CrossMargin.Curves.Pairing.BnPairing<CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>, CrossMargin.Field.Bn254.Fq2Params, CrossMargin.Field.Bn254.Bn254TowerParams, CrossMargin.Curves.Bn254.G1Curve, CrossMargin.Curves.Bn254.G2Curve, CrossMargin.Curves.Bn254.Bn254PairingParams>.PreparedG2;
