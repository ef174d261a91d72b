global using System.Numerics;
global using Xunit;
