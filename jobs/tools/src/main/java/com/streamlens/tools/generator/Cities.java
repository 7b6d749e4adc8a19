package com.streamlens.tools.generator;

/** Real cities visitors cluster around, weighted roughly by online-shopping population. */
final class Cities {
    record City(String name, double lat, double lon, double weight) {}

    static final City[] ALL = {
            new City("Moscow", 55.7558, 37.6173, 10),
            new City("Saint Petersburg", 59.9311, 30.3609, 5),
            new City("Novosibirsk", 55.0084, 82.9357, 2),
            new City("Yekaterinburg", 56.8389, 60.6057, 2),
            new City("Kazan", 55.7963, 49.1088, 1.5),
            new City("London", 51.5072, -0.1276, 6),
            new City("Berlin", 52.5200, 13.4050, 4),
            new City("Paris", 48.8566, 2.3522, 4),
            new City("Madrid", 40.4168, -3.7038, 2.5),
            new City("Warsaw", 52.2297, 21.0122, 2),
            new City("Istanbul", 41.0082, 28.9784, 4),
            new City("New York", 40.7128, -74.0060, 7),
            new City("Chicago", 41.8781, -87.6298, 3),
            new City("San Francisco", 37.7749, -122.4194, 3),
            new City("Sao Paulo", -23.5505, -46.6333, 4),
            new City("Tokyo", 35.6762, 139.6503, 6),
            new City("Seoul", 37.5665, 126.9780, 3),
            new City("Mumbai", 19.0760, 72.8777, 4),
            new City("Singapore", 1.3521, 103.8198, 2),
            new City("Sydney", -33.8688, 151.2093, 2),
    };

    static final double TOTAL_WEIGHT;

    static {
        double w = 0;
        for (City c : ALL) w += c.weight;
        TOTAL_WEIGHT = w;
    }

    private Cities() {}

    static City pick(double u) {
        double x = u * TOTAL_WEIGHT;
        for (City c : ALL) {
            x -= c.weight;
            if (x < 0) return c;
        }
        return ALL[ALL.length - 1];
    }
}
