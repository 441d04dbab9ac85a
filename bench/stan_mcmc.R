#!/usr/bin/env Rscript
# Stan's side of tyche's NUTS benchmark (bench/bench_mcmc.cpp): samples the
# same models from the data files that bench_mcmc writes and reports the same
# figures.
#
# Usage: Rscript bench/stan_mcmc.R <data_dir> <cache_dir>
#   <data_dir>/eight_schools.json        {"J", "y", "sigma"}
#   <data_dir>/logistic_regression.json  {"N", "D", "X" (N rows of D), "y", ...}
#   <cache_dir>  compiled models, <model>-<md5 of the .stan file>.rds, so a
#                rerun skips compilation (made if missing)
#
# Models: bench/stan/eight_schools.stan, logistic_regression.stan, and
# logistic_regression_glm.stan (same posterior, fused bernoulli_logit_glm), the
# last two on the same data. Compiled with -O3 -march=native -DNDEBUG (as
# tyche's Release build) through bench/stan/Makevars, unless R_MAKEVARS_USER is
# set. Each model: 4 chains run one after another (cores = 1), iter = 2000,
# warmup = 1000, seed 20240, Stan's default adaptation (adapt_delta 0.8,
# max_treedepth 10), refresh = 0.
#
# Per model, printed as one JSON object on stdout (everything else on stderr):
#   seconds        sum over chains of get_elapsed_time (warm-up + sampling;
#                  Stan 2.21 measures these with std::clock, i.e. CPU time)
#   gradients      sum of n_leapfrog__ over all iterations, warm-up included
#   us_per_grad    seconds / gradients * 1e6
#   min_ess_bulk   min over the parameters (not lp__) of rstan::ess_bulk on the
#                  iterations x chains matrix of post-warm-up draws
#   ess_per_s      min_ess_bulk / seconds
#   grads_per_ess  gradients / min_ess_bulk
#   divergences    post-warm-up divergent transitions (all chains)
# plus min_ess_tail, max_rhat, mean_stepsize, compile_s (0 when cached) and
# the posterior means (means) for a sanity check.
suppressPackageStartupMessages({
  library(rstan)
  library(jsonlite)
})

main <- function(args) {
  if (length(args) != 2) {
    stop("usage: Rscript bench/stan_mcmc.R <data_dir> <cache_dir>")
  }
  data_dir <- args[[1]]
  cache_dir <- args[[2]]
  dir.create(cache_dir, showWarnings = FALSE, recursive = TRUE)
  stan_dir <- file.path(script_dir(), "stan")
  if (Sys.getenv("R_MAKEVARS_USER") == "") {
    Sys.setenv(R_MAKEVARS_USER = normalizePath(file.path(stan_dir, "Makevars")))
  }
  rstan_options(auto_write = FALSE)
  options(mc.cores = 1)

  es <- fromJSON(file.path(data_dir, "eight_schools.json"))
  lr <- fromJSON(file.path(data_dir, "logistic_regression.json"))
  es_data <- list(J = as.integer(es$J), y = as.numeric(es$y), sigma = as.numeric(es$sigma))
  if (!identical(dim(as.matrix(lr$X)), c(as.integer(lr$N), as.integer(lr$D)))) {
    stop(sprintf("logistic_regression.json: X is %s, expected %d x %d",
                 paste(dim(as.matrix(lr$X)), collapse = " x "), lr$N, lr$D))
  }
  # fromJSON turns the list of N rows into an N x D matrix.
  lr_data <- list(N = as.integer(lr$N), D = as.integer(lr$D), X = as.matrix(lr$X) + 0,
                  y = as.integer(lr$y))
  if (length(lr_data$y) != lr_data$N) stop("logistic_regression.json: y has the wrong length")
  if (!is.null(lr$beta_true)) {
    message(sprintf("stan_mcmc.R: logistic_regression true alpha = %.3f, beta = [%s]",
                    lr$alpha_true, paste(sprintf("%.3f", lr$beta_true), collapse = ", ")))
  }

  runs <- list(
    eight_schools = es_data,
    logistic_regression = lr_data,
    logistic_regression_glm = lr_data
  )
  models <- list()
  for (name in names(runs)) {
    compiled <- compile_cached(file.path(stan_dir, paste0(name, ".stan")), name, cache_dir)
    models[[name]] <- c(run_model(compiled$model, runs[[name]], name),
                        list(compile_s = compiled$seconds))
  }
  list(stan_version = stan_version(),
       rstan_version = as.character(packageVersion("rstan")),
       R_version = paste(R.version$major, R.version$minor, sep = "."),
       cxxflags = makevars_flags(),
       chains = 4, iter = 2000, warmup = 1000,
       models = models)
}

# The directory of this script (Rscript passes it as --file=).
script_dir <- function() {
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) != 1) stop("run me with Rscript")
  dirname(normalizePath(f))
}

makevars_flags <- function() {
  mv <- Sys.getenv("R_MAKEVARS_USER")
  line <- grep("^CXX14FLAGS", readLines(mv, warn = FALSE), value = TRUE)
  if (length(line)) trimws(sub("^CXX14FLAGS\\s*=", "", line[[1]])) else mv
}

# Debian's r-cran-bh is a virtual package without BH's include/ (Boost is
# libboost-dev's /usr/include/boost), so rstan's default boost_lib is "" and
# stan_model stops with "Boost not found". Passing -I/usr/include instead would
# break libstdc++'s #include_next, so point boost_lib at a directory holding
# only a link to /usr/include/boost.
boost_include <- function(cache_dir) {
  bh <- system.file("include", package = "BH")
  if (nzchar(bh) && dir.exists(file.path(bh, "boost"))) return(bh)
  dir <- file.path(normalizePath(cache_dir), "boost_include")
  dir.create(dir, showWarnings = FALSE)
  link <- file.path(dir, "boost")
  if (!file.exists(link)) {
    if (!dir.exists("/usr/include/boost")) stop("no Boost headers: install libboost-dev")
    file.symlink("/usr/include/boost", link)
  }
  dir
}

# Compiles file once per content: <cache_dir>/<name>-<md5>.rds holds the stanmodel.
compile_cached <- function(file, name, cache_dir) {
  md5 <- unname(tools::md5sum(file))
  rds <- file.path(cache_dir, sprintf("%s-%s.rds", name, md5))
  if (file.exists(rds)) {
    message(sprintf("stan_mcmc.R: %s: compiled model from %s", name, rds))
    return(list(model = readRDS(rds), seconds = 0))
  }
  message(sprintf("stan_mcmc.R: %s: compiling %s (minutes)", name, file))
  t0 <- proc.time()[["elapsed"]]
  model <- stan_model(file = file, model_name = name, auto_write = FALSE,
                      boost_lib = boost_include(cache_dir))
  seconds <- proc.time()[["elapsed"]] - t0
  message(sprintf("stan_mcmc.R: %s: compiled in %.1f s", name, seconds))
  tmp <- paste0(rds, ".tmp")
  saveRDS(model, tmp)
  file.rename(tmp, rds)
  list(model = model, seconds = round(seconds, 1))
}

run_model <- function(model, data, name) {
  fit <- sampling(model, data = data, chains = 4, cores = 1, iter = 2000, warmup = 1000,
                  seed = 20240, refresh = 0,
                  control = list(adapt_delta = 0.8, max_treedepth = 10))
  elapsed <- get_elapsed_time(fit)  # chains x (warmup, sample), seconds
  seconds <- sum(elapsed)
  sp_all <- get_sampler_params(fit, inc_warmup = TRUE)
  gradients <- sum(vapply(sp_all, function(s) sum(s[, "n_leapfrog__"]), 0))
  sp <- get_sampler_params(fit, inc_warmup = FALSE)
  divergences <- sum(vapply(sp, function(s) sum(s[, "divergent__"]), 0))
  stepsize <- mean(vapply(sp, function(s) s[1, "stepsize__"], 0))

  draws <- as.array(fit)  # iterations x chains x parameters, post-warm-up
  pars <- setdiff(dimnames(draws)[[3]], "lp__")
  ess_bulk <- vapply(pars, function(p) rstan::ess_bulk(draws[, , p]), 0)
  ess_tail <- vapply(pars, function(p) rstan::ess_tail(draws[, , p]), 0)
  rhat <- vapply(pars, function(p) rstan::Rhat(draws[, , p]), 0)
  means <- vapply(pars, function(p) mean(draws[, , p]), 0)
  min_ess <- min(ess_bulk)

  message(sprintf(paste("stan_mcmc.R: %s: %.3f s, %d gradients, %.2f us/grad,",
                        "min ess_bulk %.0f (%s), %.0f ESS/s, %.1f grads/ESS, %d divergences, max Rhat %.3f"),
                  name, seconds, as.integer(gradients), seconds / gradients * 1e6, min_ess,
                  pars[which.min(ess_bulk)], min_ess / seconds, gradients / min_ess,
                  as.integer(divergences), max(rhat)))
  message(sprintf("stan_mcmc.R: %s: posterior means %s", name,
                  paste(sprintf("%s=%.3f", pars, means), collapse = " ")))
  list(seconds = seconds,
       warmup_seconds = sum(elapsed[, "warmup"]),
       gradients = gradients,
       us_per_grad = seconds / gradients * 1e6,
       min_ess_bulk = min_ess,
       min_ess_bulk_param = pars[which.min(ess_bulk)],
       ess_per_s = min_ess / seconds,
       grads_per_ess = gradients / min_ess,
       min_ess_tail = min(ess_tail),
       max_rhat = max(rhat),
       divergences = divergences,
       mean_stepsize = stepsize,
       means = as.list(means))
}

# Everything R prints goes to stderr; only the JSON goes to stdout.
sink(stderr())
result <- main(commandArgs(trailingOnly = TRUE))
sink()
cat(toJSON(result, auto_unbox = TRUE, digits = I(6)), "\n", sep = "")
