# The two commands of the README: `make run` and `make test`.
# Everything else here is a step they take.
BUILD ?= build
DB ?= sqlite:var/guanai.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: run test bench bootstrap build web clean asan

run: bootstrap build web
	@mkdir -p var
	$(BUILD)/guanai init --db $(DB)
	@$(BUILD)/guanai demo --db $(DB)
	@echo
	@echo "  guanai: http://$(LISTEN)/   (Ctrl-C to stop)"
	@echo
	$(BUILD)/guanai serve --db $(DB) --listen $(LISTEN)

test: bootstrap
	scripts/test

bench:
	scripts/bootstrap bench
	scripts/bench

bootstrap:
	@scripts/bootstrap

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target guanai

web:
	@scripts/build-web

clean:
	rm -rf $(BUILD) build-asan build-bench web/dist
