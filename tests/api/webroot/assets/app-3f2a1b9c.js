// guanai-test-asset: fixture for tests/api/test_static.c
// A fingerprinted asset; served immutable, precompressed as .gz.
const regions = [
	{ code: '500101000000', note: '区县 1' },
	{ code: '500102000000', note: '区县 2' },
	{ code: '500103000000', note: '区县 3' },
	{ code: '500104000000', note: '区县 4' },
	{ code: '500105000000', note: '区县 5' },
	{ code: '500106000000', note: '区县 6' },
	{ code: '500107000000', note: '区县 7' },
	{ code: '500108000000', note: '区县 8' },
	{ code: '500109000000', note: '区县 9' },
	{ code: '500110000000', note: '区县 10' },
	{ code: '500111000000', note: '区县 11' },
	{ code: '500112000000', note: '区县 12' },
	{ code: '500113000000', note: '区县 13' },
	{ code: '500114000000', note: '区县 14' },
	{ code: '500115000000', note: '区县 15' },
	{ code: '500116000000', note: '区县 16' },
	{ code: '500117000000', note: '区县 17' },
	{ code: '500118000000', note: '区县 18' },
	{ code: '500119000000', note: '区县 19' },
	{ code: '500120000000', note: '区县 20' },
];
export function mount(el) {
	el.textContent = regions.map((r) => r.code).join(', ');
}
mount(document.getElementById('app'));
