# frozen_string_literal: true

FactoryBot.define do
  factory :{{ c.registry_factory }}, class: 'Geo::{{ n.registry_class }}' do
    {{ n.name }}
    state { Geo::{{ n.registry_class }}.state_value(:pending) }

    trait :synced do
      state { Geo::{{ n.registry_class }}.state_value(:synced) }
      last_synced_at { 5.days.ago }
    end

    trait :failed do
      state { Geo::{{ n.registry_class }}.state_value(:failed) }
      last_synced_at { 1.day.ago }
      retry_count { 2 }
      last_sync_failure { 'Random error' }
    end

    trait :started do
      state { Geo::{{ n.registry_class }}.state_value(:started) }
      last_synced_at { 1.day.ago }
      retry_count { 0 }
    end
{%- if c.verifiable_registry %}

    trait :verification_succeeded do
      verification_checksum { 'e079a831cab27bcda7d81cd9b48296d0c3dd92ef' }
      verification_state { Geo::{{ n.registry_class }}.verification_state_value(:verification_succeeded) }
      verified_at { 5.days.ago }
    end

    trait :verification_failed do
      verification_failure { 'Could not calculate the checksum' }
      verification_state { Geo::{{ n.registry_class }}.verification_state_value(:verification_failed) }
    end
{%- endif %}
  end
end
