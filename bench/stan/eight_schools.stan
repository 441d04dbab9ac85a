// Eight schools, non-centred parameterisation (tyche's bench/bench_mcmc.cpp
// samples the same model). Stan 2.21 syntax (Debian 12's rstan 2.21.7).
data {
  int<lower=0> J;
  vector[J] y;
  vector<lower=0>[J] sigma;
}
parameters {
  real mu;
  real<lower=0> tau;
  vector[J] theta_tilde;
}
model {
  mu ~ normal(0, 5);
  tau ~ cauchy(0, 5);
  theta_tilde ~ normal(0, 1);
  y ~ normal(mu + tau * theta_tilde, sigma);
}
