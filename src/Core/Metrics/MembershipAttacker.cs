using UnlearnRec.Core.Common;

namespace UnlearnRec.Core.Metrics;

/// <summary>
/// A GNNDelete-style membership-inference attacker (method.md §6.4, optional variant): a 2-layer perceptron on the
/// features [1 − p, p], p = σ(score), trained on shadow members (training edges, label 1) against non-members
/// (non-edges, or held-out edges, label 0). MI-BF and MI-NG are then computed with P_attack(present) in place of p.
/// </summary>
/// <remarks>
/// Plain C# on purpose (no TorchSharp): it is tiny, must be deterministic for a seed, and belongs with the metrics.
/// The two features are standardised with the training sample's mean and deviation before the hidden layer; that is
/// only a reparametrisation of the same model family, but it makes Adam converge in a few epochs even when all
/// scores crowd near σ = 0 or 1. Instances are immutable and thread-safe.
/// </remarks>
public sealed class MembershipAttacker
{
    private const int Features = 2;

    private readonly int _hidden;
    private readonly double[] _featureMean;
    private readonly double[] _featureScale;
    private readonly double[] _w1; // hidden × features
    private readonly double[] _b1;
    private readonly double[] _w2;
    private readonly double _b2;

    private MembershipAttacker(int hidden, double[] featureMean, double[] featureScale, double[] w1, double[] b1, double[] w2, double b2)
    {
        _hidden = hidden;
        _featureMean = featureMean;
        _featureScale = featureScale;
        _w1 = w1;
        _b1 = b1;
        _w2 = w2;
        _b2 = b2;
    }

    /// <summary>
    /// Trains the attacker on raw dot-product scores of members (label 1) and non-members (label 0) with mini-batch
    /// Adam on the binary cross-entropy. Deterministic for <see cref="MembershipAttackerOptions.Seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A class has no example, or an option is out of range.</exception>
    public static MembershipAttacker Train(ReadOnlySpan<double> memberScores, ReadOnlySpan<double> nonMemberScores, MembershipAttackerOptions? options = null)
    {
        options ??= new MembershipAttackerOptions();
        MembershipInference.RequireNonEmpty(memberScores, nameof(memberScores));
        MembershipInference.RequireNonEmpty(nonMemberScores, nameof(nonMemberScores));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.HiddenUnits, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSamplesPerClass, nameof(options));
        if (!(options.LearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be positive");
        }

        if (!(options.LabelSmoothing >= 0 && options.LabelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LabelSmoothing, "LabelSmoothing must lie in [0, 1)");
        }

        var random = new StableRandom(options.Seed);
        var perClass = Math.Min(options.MaxSamplesPerClass, Math.Min(memberScores.Length, nonMemberScores.Length));
        var n = 2 * perClass;
        var x = new double[n * Features];
        var y = new double[n];
        Fill(memberScores, perClass, random, x, y, 0, label: 1 - (options.LabelSmoothing / 2));
        Fill(nonMemberScores, perClass, random, x, y, perClass, label: options.LabelSmoothing / 2);

        // standardise each feature (a constant feature keeps scale 1)
        var mean = new double[Features];
        var scale = new double[Features];
        for (var f = 0; f < Features; f++)
        {
            var m = 0.0;
            for (var i = 0; i < n; i++)
            {
                m += x[(i * Features) + f];
            }

            m /= n;
            var v = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = x[(i * Features) + f] - m;
                v += d * d;
            }

            var sd = Math.Sqrt(v / n);
            mean[f] = m;
            scale[f] = sd > 1e-12 ? 1.0 / sd : 1.0;
            for (var i = 0; i < n; i++)
            {
                x[(i * Features) + f] = (x[(i * Features) + f] - m) * scale[f];
            }
        }

        var h = options.HiddenUnits;
        var net = new Network(h, random);
        var order = Enumerable.Range(0, n).ToArray();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order.AsSpan());
            for (var start = 0; start < n; start += options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, n - start));
                net.Step(x, y, batch, options.LearningRate);
            }
        }

        return new MembershipAttacker(h, mean, scale, net.W1, net.B1, net.W2, net.B2[0]);
    }

    /// <summary>P_attack(present | score): the attacker's belief that the scored pair was a training edge.</summary>
    public double PresentProbability(double score)
    {
        var p = MembershipInference.Sigmoid(score);
        var f0 = ((1 - p) - _featureMean[0]) * _featureScale[0];
        var f1 = (p - _featureMean[1]) * _featureScale[1];
        var logit = _b2;
        for (var j = 0; j < _hidden; j++)
        {
            logit += _w2[j] * Math.Tanh((_w1[j * Features] * f0) + (_w1[(j * Features) + 1] * f1) + _b1[j]);
        }

        return MembershipInference.Sigmoid(logit);
    }

    /// <summary>Mean of <see cref="PresentProbability"/> over scores.</summary>
    public double MeanPresentProbability(ReadOnlySpan<double> scores)
    {
        MembershipInference.RequireNonEmpty(scores, nameof(scores));
        var sum = 0.0;
        foreach (var s in scores)
        {
            sum += PresentProbability(s);
        }

        return sum / scores.Length;
    }

    /// <summary>MI-BF with the attacker: mean P_attack(present) before / after unlearning over the forgotten edges.</summary>
    public double MiBf(ReadOnlySpan<double> scoresBefore, ReadOnlySpan<double> scoresAfter)
    {
        MembershipInference.RequireSameLength(scoresBefore, scoresAfter);
        return MeanPresentProbability(scoresBefore) / MeanPresentProbability(scoresAfter);
    }

    /// <summary>MI-NG with the attacker: mean P_attack(present) on negatives / on forgotten edges, both after unlearning.</summary>
    public double MiNg(ReadOnlySpan<double> negativeScoresAfter, ReadOnlySpan<double> forgottenScoresAfter) =>
        MeanPresentProbability(negativeScoresAfter) / MeanPresentProbability(forgottenScoresAfter);

    /// <summary>Balanced accuracy at threshold 0.5: the mean of the true-positive and true-negative rates.</summary>
    public double BalancedAccuracy(ReadOnlySpan<double> memberScores, ReadOnlySpan<double> nonMemberScores)
    {
        MembershipInference.RequireNonEmpty(memberScores, nameof(memberScores));
        MembershipInference.RequireNonEmpty(nonMemberScores, nameof(nonMemberScores));
        var tp = 0;
        foreach (var s in memberScores)
        {
            tp += PresentProbability(s) >= 0.5 ? 1 : 0;
        }

        var tn = 0;
        foreach (var s in nonMemberScores)
        {
            tn += PresentProbability(s) < 0.5 ? 1 : 0;
        }

        return 0.5 * (((double)tp / memberScores.Length) + ((double)tn / nonMemberScores.Length));
    }

    /// <summary>Writes <paramref name="take"/> randomly chosen scores (without replacement) as [1 − p, p] rows.</summary>
    private static void Fill(ReadOnlySpan<double> scores, int take, StableRandom random, double[] x, double[] y, int at, double label)
    {
        var pick = Enumerable.Range(0, scores.Length).ToArray();
        for (var i = 0; i < take; i++)
        {
            // partial Fisher–Yates: the first `take` positions become a uniform sample
            var j = i + random.NextInt(pick.Length - i);
            (pick[i], pick[j]) = (pick[j], pick[i]);
            var p = MembershipInference.Sigmoid(scores[pick[i]]);
            x[(at + i) * Features] = 1 - p;
            x[((at + i) * Features) + 1] = p;
            y[at + i] = label;
        }
    }

    /// <summary>The trainable parameters with their Adam state.</summary>
    private sealed class Network
    {
        private const double Beta1 = 0.9;
        private const double Beta2 = 0.999;
        private const double Epsilon = 1e-8;

        private readonly int _hidden;
        private readonly double[][] _params;
        private readonly double[][] _grads;
        private readonly double[][] _m;
        private readonly double[][] _v;
        private readonly double[] _h;
        private int _t;

        public Network(int hidden, StableRandom random)
        {
            _hidden = hidden;
            W1 = new double[hidden * Features];
            B1 = new double[hidden];
            W2 = new double[hidden];
            B2 = new double[1];
            // Xavier-uniform weights, zero biases
            var limit1 = Math.Sqrt(6.0 / (Features + hidden));
            for (var i = 0; i < W1.Length; i++)
            {
                W1[i] = ((2 * random.NextDouble()) - 1) * limit1;
            }

            var limit2 = Math.Sqrt(6.0 / (hidden + 1));
            for (var i = 0; i < W2.Length; i++)
            {
                W2[i] = ((2 * random.NextDouble()) - 1) * limit2;
            }

            _params = [W1, B1, W2, B2];
            _grads = [.. _params.Select(p => new double[p.Length])];
            _m = [.. _params.Select(p => new double[p.Length])];
            _v = [.. _params.Select(p => new double[p.Length])];
            _h = new double[hidden];
        }

        public double[] W1 { get; }

        public double[] B1 { get; }

        public double[] W2 { get; }

        public double[] B2 { get; }

        /// <summary>One Adam step on the mean binary cross-entropy of a mini-batch.</summary>
        public void Step(double[] x, double[] y, ReadOnlySpan<int> batch, double learningRate)
        {
            foreach (var g in _grads)
            {
                Array.Clear(g);
            }

            var gW1 = _grads[0];
            var gB1 = _grads[1];
            var gW2 = _grads[2];
            var gB2 = _grads[3];
            foreach (var i in batch)
            {
                var f0 = x[i * Features];
                var f1 = x[(i * Features) + 1];
                var logit = B2[0];
                for (var j = 0; j < _hidden; j++)
                {
                    _h[j] = Math.Tanh((W1[j * Features] * f0) + (W1[(j * Features) + 1] * f1) + B1[j]);
                    logit += W2[j] * _h[j];
                }

                // d(BCE)/d(logit) = σ(logit) − y
                var dLogit = (MembershipInference.Sigmoid(logit) - y[i]) / batch.Length;
                gB2[0] += dLogit;
                for (var j = 0; j < _hidden; j++)
                {
                    gW2[j] += dLogit * _h[j];
                    var dPre = dLogit * W2[j] * (1 - (_h[j] * _h[j]));
                    gB1[j] += dPre;
                    gW1[j * Features] += dPre * f0;
                    gW1[(j * Features) + 1] += dPre * f1;
                }
            }

            _t++;
            var correction1 = 1 - Math.Pow(Beta1, _t);
            var correction2 = 1 - Math.Pow(Beta2, _t);
            for (var p = 0; p < _params.Length; p++)
            {
                var param = _params[p];
                var grad = _grads[p];
                var m = _m[p];
                var v = _v[p];
                for (var k = 0; k < param.Length; k++)
                {
                    m[k] = (Beta1 * m[k]) + ((1 - Beta1) * grad[k]);
                    v[k] = (Beta2 * v[k]) + ((1 - Beta2) * grad[k] * grad[k]);
                    param[k] -= learningRate * (m[k] / correction1) / (Math.Sqrt(v[k] / correction2) + Epsilon);
                }
            }
        }
    }
}
