# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetRegistryFinder do
  it_behaves_like 'a framework registry finder', :geo_widget_registry
end
