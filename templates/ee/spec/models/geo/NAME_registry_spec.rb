# frozen_string_literal: true

require 'spec_helper'

{{ c.describe }} Geo::{{ n.registry_class }}, :geo, type: :model do
  let_it_be(:registry) { create(:{{ c.registry_factory }}) }

  specify 'factory is valid' do
    expect(registry).to be_valid
  end
{%- if c.replicable_registry %}

  {{ c.examples }} 'a Geo framework registry'
{%- endif %}
{%- if c.verifiable_registry %}
  {{ c.examples }} 'a Geo verifiable registry'
{%- endif %}
end
