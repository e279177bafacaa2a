# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Resolvers::Geo::WidgetRegistriesResolver do
  it_behaves_like 'a Geo registries resolver', :geo_widget_registry
end
