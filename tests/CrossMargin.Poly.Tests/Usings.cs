global using Fq = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FqParams>;
global using Fr = CrossMargin.Field.Montgomery256<CrossMargin.Field.Bn254.FrParams>;
