namespace MarocAssistant.Retrieval.Hybrid;

/// <summary>
/// A logistic regression on standardised features, fitted by Newton's method with an L2 penalty. Small and
/// exact: a dozen features and a few thousand examples fit in milliseconds.
/// </summary>
public sealed class LogisticModel
{
    public double[] Means { get; set; } = [];

    public double[] Scales { get; set; } = [];

    public double[] Weights { get; set; } = [];

    public double Bias { get; set; }

    public double Predict(ReadOnlySpan<double> features)
    {
        var z = Bias;
        for (var i = 0; i < Weights.Length && i < features.Length; i++)
        {
            z += Weights[i] * (features[i] - Means[i]) / Scales[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public static LogisticModel Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> labels, double l2 = 1.0, int iterations = 25)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count == 0)
        {
            throw new ArgumentException("No examples to fit.", nameof(features));
        }

        var d = features[0].Length;
        var n = features.Count;
        var means = new double[d];
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            means[j] = features.Average(f => f[j]);
            var variance = features.Average(f => (f[j] - means[j]) * (f[j] - means[j]));
            scales[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        var x = features.Select(f => Enumerable.Range(0, d).Select(j => (f[j] - means[j]) / scales[j]).Append(1.0).ToArray()).ToArray();
        var w = new double[d + 1];
        var positives = labels.Count(l => l);
        w[d] = Math.Log((positives + 0.5) / (n - positives + 0.5));
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var z = 0.0;
                for (var j = 0; j <= d; j++)
                {
                    z += w[j] * x[i][j];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var residual = p - (labels[i] ? 1 : 0);
                var curvature = Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += residual * x[i][j];
                    for (var k = 0; k <= d; k++)
                    {
                        hessian[j, k] += curvature * x[i][j] * x[i][k];
                    }
                }
            }

            // The bias is not penalised.
            for (var j = 0; j < d; j++)
            {
                gradient[j] += l2 * w[j];
                hessian[j, j] += l2;
            }

            hessian[d, d] += 1e-9;
            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var j = 0; j <= d; j++)
            {
                w[j] -= step[j];
                change += Math.Abs(step[j]);
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return new LogisticModel { Means = means, Scales = scales, Weights = w[..d], Bias = w[d] };
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (v[col], v[pivot]) = (v[pivot], v[col]);
            }

            var diagonal = Math.Abs(m[col, col]) < 1e-12 ? 1e-12 : m[col, col];
            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / diagonal;
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                v[row] -= factor * v[col];
            }
        }

        var result = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = v[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * result[k];
            }

            result[row] = sum / (Math.Abs(m[row, row]) < 1e-12 ? 1e-12 : m[row, row]);
        }

        return result;
    }
}
